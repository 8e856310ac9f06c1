/** Audio device strings (phone panel), Simplified Chinese. */
export const audioZhCN = {
  title: '音频设备',
  role: { inputId: '麦克风', outputId: '耳机（通话声音）', ringerId: '振铃（来电铃声）' },
  systemDefault: '系统默认',
  micTest: '麦克风测试',
  micLevel: '麦克风音量',
  startTest: '开始测试',
  stopTest: '停止',
  micError: '无法打开麦克风：{{error}}',
  fellBack: '{{role}}“{{device}}”已断开，已改用系统默认设备。',
};

/** Audio device strings, English. */
export const audioEn: typeof audioZhCN = {
  title: 'Audio devices',
  role: { inputId: 'Microphone', outputId: 'Headset (call audio)', ringerId: 'Ringer (ringtone)' },
  systemDefault: 'System default',
  micTest: 'Microphone test',
  micLevel: 'Microphone level',
  startTest: 'Test',
  stopTest: 'Stop',
  micError: 'Cannot open the microphone: {{error}}',
  fellBack: '{{role}} “{{device}}” was disconnected; using the system default.',
};
