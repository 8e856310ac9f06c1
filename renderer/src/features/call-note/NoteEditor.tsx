import { Button, Group, Stack, Text } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { commitNoteText, loadNote, saveNoteDraft } from '../../storage/call-repository';
import type { DeskDb } from '../../storage/db';
import { draftLockName } from '../../storage/draft-recovery';
import { loadSegments } from '../../storage/note-chunks';
import { storageHealth } from '../../storage/storage-health';
import { useNoteInsertionTarget } from './note-insertion';
import { noteTextProblem } from './note-text-problem';
import { SegmentTime } from './SegmentTime';
import { useDraftSaver } from './use-draft-saver';
import { GrowingTextarea } from '../../ui/GrowingTextarea';

/** A call's note: committed paragraphs (immutable segments) and the composer whose draft is saved as you type. */
/** `focusOnAnswer`: the call has just been answered; the cursor goes into the note once, so the first words typed land there. */
export function NoteEditor({ db, callId, onCommitted, callEnded = false, focusOnAnswer = false }: { db: DeskDb; callId: string; onCommitted: () => void; callEnded?: boolean; focusOnAnswer?: boolean }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [loaded, setLoaded] = useState(false);
  const segments = useLiveQuery(() => loadSegments(db, callId), [db, callId], []);
  // Paragraphs are stamped with the time since the answer, from the stored call record.
  const answeredAt = useLiveQuery(async () => (await db.callRecords.get(callId))?.answeredAt ?? null, [db, callId], null);
  const { schedule, cancel } = useDraftSaver((value, typedAt) => saveNoteDraft(db, callId, value, typedAt));
  // Templates and look-ups add their text at the end of the draft, saved like typing.
  // What the note shows, for readers elsewhere (the case fills items that repeat it; templates check for a script already in it).
  const readShown = useCallback(() => [...segments.map((s) => s.text), text].filter((p) => p.trim() !== '').join('\n'), [segments, text]);
  useNoteInsertionTarget(
    (inserted) =>
      setText((typed) => {
        const next = typed.trim() === '' ? inserted : `${typed.replace(/\s+$/, '')}\n${inserted}`;
        schedule(next);
        return next;
      }),
    readShown,
  );

  // Alt+N from anywhere (even another text field) puts the cursor at the end of the note.
  const input = useRef<HTMLTextAreaElement>(null);
  useHotkeys(
    [
      [
        'alt+N',
        () => {
          const el = input.current;
          if (!el) return;
          el.focus();
          el.setSelectionRange(el.value.length, el.value.length);
        },
      ],
    ],
    [],
  );

  // Answering puts the cursor in the note (once per call; the editor is keyed by the call).
  const focusedOnAnswer = useRef(false);
  useEffect(() => {
    const el = input.current;
    if (!focusOnAnswer || !loaded || focusedOnAnswer.current || !el) return;
    focusedOnAnswer.current = true;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, [focusOnAnswer, loaded]);

  // What is on screen and whether the call is over, for the unmount commit below.
  const onScreen = useRef({ text: '', callEnded });
  useEffect(() => {
    onScreen.current = { text, callEnded };
  }, [text, callEnded]);

  // While this composer shows the call's draft it holds the draft's lock, so crash recovery
  // in another window leaves it alone. When it goes away after the call ended (the agent
  // moves on to the next call), what was typed becomes a segment: a draft alone is never
  // synced. A live call's draft stays a draft (swapping lines keeps the sentence open).
  useEffect(() => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    void globalThis.navigator?.locks?.request(draftLockName(callId), () => held).catch(() => undefined);
    return () => {
      const { text: value, callEnded: ended } = onScreen.current;
      const done = !ended || value.trim() === '' ? Promise.resolve() : commitNoteText(db, callId, value).then(() => undefined);
      void done.catch((error: unknown) => console.error('note not committed on close; the draft stays for recovery', error)).finally(release);
    };
  }, [db, callId]);

  useEffect(() => {
    let alive = true;
    void loadNote(db, callId).then((note) => {
      if (!alive) return;
      setText(note.draft);
      setLoaded(true);
    });
    return () => {
      alive = false;
    };
  }, [db, callId]);

  // Commits exactly what is on screen now; typing may go on at once without waiting for the
  // write. If the write fails the words come back in front of whatever was typed since.
  // Too long or unstorable text is refused here, naming the limit: it never becomes a segment the record store would refuse.
  const problem = noteTextProblem(text);
  const commit = () => {
    const value = text;
    if (value.trim() === '' || noteTextProblem(value)) return;
    // Every draft saved up to now is superseded by this commit, whatever it said (issue 15).
    const committedAt = Date.now();
    cancel();
    setText('');
    commitNoteText(db, callId, value, committedAt).then(
      (segment) => segment && onCommitted(),
      (error: unknown) => {
        if (!storageHealth.report(error)) console.error('note segment not saved', error);
        setText((typed) => {
          const restored = typed ? `${value}\n${typed}` : value;
          schedule(restored);
          return restored;
        });
      },
    );
  };

  return (
    <Stack gap="xs">
      {segments.length > 0 && (
        <Stack gap={4} data-testid="note-segments" aria-label={t('note.segments')}>
          {segments.map((s) => (
            <Text key={s.id} size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="note-segment">
              <SegmentTime createdAt={s.createdAt} answeredAt={answeredAt} />
              {s.text}
            </Text>
          ))}
        </Stack>
      )}
      <GrowingTextarea
        minRows={6}
        disabled={!loaded}
        placeholder={t('note.placeholder')}
        aria-label={t('note.placeholder')}
        value={text}
        ref={input}
        error={problem ? <span data-testid="note-problem">{t(problem.key, problem.values)}</span> : undefined}
        data-testid="note-input"
        onChange={(e) => {
          setText(e.currentTarget.value);
          schedule(e.currentTarget.value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            commit();
          }
        }}
      />
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          {t('note.savedLocally')}
        </Text>
        <Button size="xs" variant="light" onClick={commit} disabled={problem !== null} data-testid="note-save">
          {t('note.save')}
        </Button>
      </Group>
    </Stack>
  );
}
