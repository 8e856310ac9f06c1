/**
 * Finds the dominant frequency of an audio stream (or of the `srcObject` of the media element
 * a selector names), for checking that real audio flows. Self-contained on purpose: tests pass
 * it to `page.evaluate`, which ships only the function's source into the page.
 * Chromium only feeds a remote WebRTC stream into Web Audio while it is also attached to a
 * media element, so one is attached (muted) for the measurement.
 */
export async function measureTone(target: MediaStream | string, sampleMs = 1500): Promise<{ hz: number; db: number }> {
  let stream: MediaStream;
  if (typeof target === 'string') {
    const element = document.querySelector(target) as HTMLMediaElement | null;
    if (!element || !(element.srcObject instanceof MediaStream)) throw new Error(`no media stream at ${target}`);
    stream = element.srcObject;
  } else {
    stream = target;
  }
  const sink = new Audio();
  sink.muted = true;
  sink.srcObject = stream;
  await sink.play().catch(() => undefined);
  const ctx = new AudioContext();
  await ctx.resume();
  const source = ctx.createMediaStreamSource(stream);
  const analyser = ctx.createAnalyser();
  analyser.fftSize = 8192;
  source.connect(analyser);
  const bins = new Float32Array(analyser.frequencyBinCount);
  let best = { hz: 0, db: -Infinity };
  const end = performance.now() + sampleMs;
  while (performance.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    analyser.getFloatFrequencyData(bins);
    for (let i = 1; i < bins.length; i++) {
      const value = bins[i]!;
      if (value > best.db) best = { hz: (i * ctx.sampleRate) / analyser.fftSize, db: value };
    }
  }
  source.disconnect();
  await ctx.close();
  sink.srcObject = null;
  return best;
}
