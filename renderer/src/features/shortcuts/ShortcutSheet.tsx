import { memo } from 'react';
import { Kbd, Modal, Stack, Table, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { SHORTCUTS, type ShortcutRow } from './shortcut-list';

const GROUPS: Array<ShortcutRow['group']> = ['phone', 'note', 'case', 'lookup', 'templates', 'general'];

/** The list of every shortcut, opened with F1 or `?`. */
export const ShortcutSheet = memo(function ShortcutSheet({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('shortcutSheet.title')} size="lg" data-testid="shortcut-sheet" closeButtonProps={{ 'aria-label': t('shortcutSheet.close') }}>
      <Stack gap="md">
        {GROUPS.map((group) => (
          <Stack key={group} gap={4}>
            <Title order={6}>{t(`shortcutSheet.group.${group}`)}</Title>
            <Table withRowBorders={false} verticalSpacing={2}>
              <Table.Tbody>
                {SHORTCUTS.filter((s) => s.group === group).map((s) => (
                  <Table.Tr key={`${s.keys}-${s.action}`} data-testid="shortcut-row">
                    <Table.Td w={140}>
                      <Kbd size="xs">{s.keys}</Kbd>
                    </Table.Td>
                    <Table.Td>{t(`shortcutSheet.action.${s.action}`)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        ))}
      </Stack>
    </Modal>
  );
});
