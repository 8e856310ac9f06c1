/** Casework refinements (issue 6): look-up pre-fill, note times, long-call timer, masked personal fields. Simplified Chinese. Mounted at `caseExtra`. */
export const caseExtraZhCN = {
  field: {
    freezeRecordId: '查询结果',
    authority: '冻结机关',
    authorityPhone: '冻结机关电话',
    measureType: '措施类型',
  },
  lookupGroup: '查询结果（选中查询结果时自动填入，不覆盖已填内容）',
  closeConfirm: {
    title: '确认以“{{disposition}}”关闭？',
    body: '本案件已有填写的内容，关闭后这些内容按无效来电归档。',
    yes: '确认关闭',
    no: '取消',
  },
  prefill: {
    action: '填入记录',
    filled: '已从查询结果填入：{{fields}}',
    nothing: '查询结果的各项在记录中已有内容，未覆盖',
    noCase: '没有打开的案件，未填入记录',
    otherCallType: '案件已选为其他来电类型，未填入；如属冻结查询，请先改选“冻结查询”',
    enterHint: '在结果列表中按 Enter 插入话术并填入记录',
  },
  note: {
    sinceAnswer: '接通后 {{elapsed}}',
    beforeAnswer: '接通前',
    clock: '记录于 {{time}}',
  },
  timer: {
    long: '长时通话',
    veryLong: '超长通话',
  },
  masked: {
    hint: '已遮蔽，点击或按 Tab 进入后显示完整内容',
  },
};

/** Casework refinements, English. */
export const caseExtraEn: typeof caseExtraZhCN = {
  field: {
    freezeRecordId: 'Look-up result',
    authority: 'Freezing authority',
    authorityPhone: 'Authority phone',
    measureType: 'Measure',
  },
  lookupGroup: 'Look-up result (filled when a result is picked; what was typed is kept)',
  closeConfirm: {
    title: 'Close as "{{disposition}}"?',
    body: 'This case already holds entries; closing files them as a no-data call.',
    yes: 'Close it',
    no: 'Cancel',
  },
  prefill: {
    action: 'Fill the case',
    filled: 'Filled from the look-up: {{fields}}',
    nothing: 'The case already had every item of the look-up result; nothing overwritten',
    noCase: 'No case is open; nothing filled',
    otherCallType: 'The case is another call type; nothing filled (choose Freeze inquiry first if it is one)',
    enterHint: 'Enter in the results inserts the script and fills the case',
  },
  note: {
    sinceAnswer: '{{elapsed}} after answer',
    beforeAnswer: 'before answer',
    clock: 'Logged at {{time}}',
  },
  timer: {
    long: 'Long call',
    veryLong: 'Very long call',
  },
  masked: {
    hint: 'Masked; focus the field to see it in full',
  },
};
