export { FollowUpsTab } from './FollowUpsTab';
export { FollowUpsTabLabel } from './FollowUpsTabLabel';
export { FollowUpReminder } from './FollowUpReminder';
