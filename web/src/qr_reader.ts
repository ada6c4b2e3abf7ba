// Reads a QR code from a camera frame: the browser's BarcodeDetector where
// it exists (Android, ChromeOS, macOS), else jsQR (pinned in package.json,
// loaded only when the kiosk first needs it). Returns the text or null.
type Detector = { detect(source: CanvasImageSource): Promise<{ rawValue: string }[]> };
type JsQr = (data: Uint8ClampedArray, width: number, height: number, options?: { inversionAttempts?: string }) => { data: string } | null;

let native: Detector | null | undefined;
let jsqr: JsQr | null = null;

async function nativeDetector(): Promise<Detector | null> {
  if (native !== undefined) return native;
  native = null;
  const BD = (window as unknown as { BarcodeDetector?: { new (o: { formats: string[] }): Detector; getSupportedFormats(): Promise<string[]> } }).BarcodeDetector;
  if (BD) {
    try {
      if ((await BD.getSupportedFormats()).includes('qr_code')) native = new BD({ formats: ['qr_code'] });
    } catch { /* fall back to jsQR */ }
  }
  return native;
}

// `canvas` holds the frame (any size; jsQR reads it at most 640 px wide).
export async function readQr(canvas: HTMLCanvasElement): Promise<string | null> {
  const det = await nativeDetector();
  if (det) {
    try {
      const found = await det.detect(canvas);
      return found.length ? found[0].rawValue : null;
    } catch { /* fall through to jsQR */ }
  }
  if (!jsqr) jsqr = (await import('jsqr')).default as unknown as JsQr;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return null;
  const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
  const code = jsqr(img.data, img.width, img.height, { inversionAttempts: 'dontInvert' });
  return code ? code.data : null;
}

export const qrEngine = async (): Promise<string> => ((await nativeDetector()) ? 'BarcodeDetector' : 'jsQR');
