import { useEffect, useState } from 'react';
import { linkableNumber, loadScreenPopLinks, type LinksOutcome, type ScreenPopLinksDeps } from './screen-pop-links';

/**
 * The linked records of one call, bound to its SIP Call-ID: an answer is stored with the
 * Call-ID it was asked for and shown only while that call is the one on screen, so a late
 * answer for the previous call never lands on the next call's pop.
 */
export function useScreenPopLinks(deps: ScreenPopLinksDeps | null, call: { sipCallId: string; remoteNumber: string }): LinksOutcome {
  const [answer, setAnswer] = useState<{ sipCallId: string; outcome: LinksOutcome } | null>(null);
  const { sipCallId, remoteNumber } = call;
  useEffect(() => {
    if (!deps) return;
    let current = true;
    void loadScreenPopLinks(deps, remoteNumber).then((outcome) => {
      if (current) setAnswer({ sipCallId, outcome });
    });
    return () => {
      current = false;
    };
  }, [deps, sipCallId, remoteNumber]);
  if (!deps || linkableNumber(remoteNumber) === null) return { kind: 'none' };
  return answer?.sipCallId === sipCallId ? answer.outcome : { kind: 'loading' };
}
