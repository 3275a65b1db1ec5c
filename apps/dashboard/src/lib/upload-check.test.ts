import { describe, expect, it } from 'vitest';
import { checkUpload, formatBytes, MAX_UPLOAD_BYTES, MODEL_UPLOAD, PHOTO_UPLOAD } from './upload-check.js';

/** A file that reports `size` bytes without holding them. */
const sized = (name: string, size: number, type = '') => {
  const file = new File(['x'], name, { type });
  Object.defineProperty(file, 'size', { value: size });
  return file;
};

describe('checkUpload', () => {
  it('refuses a file of another kind by name, letting a typed file without extension pass', () => {
    expect(checkUpload(sized('notes.txt', 10, 'text/plain'), PHOTO_UPLOAD)).toBe(
      'notes.txt is not a PNG or JPEG photo',
    );
    expect(checkUpload(sized('weights.bin', 10), MODEL_UPLOAD)).toBe(
      'weights.bin is not an .onnx or .zip file',
    );
    expect(checkUpload(sized('camera-roll', 10, 'image/jpeg'), PHOTO_UPLOAD)).toBeNull();
    expect(checkUpload(sized('Photo.JPG', 10), PHOTO_UPLOAD)).toBeNull();
    expect(checkUpload(sized('net.onnx', 10), MODEL_UPLOAD)).toBeNull();
  });

  it('refuses an empty file and one over the server’s 50 MB', () => {
    expect(checkUpload(sized('net.onnx', 0), MODEL_UPLOAD)).toBe('net.onnx is empty (0 bytes)');
    expect(checkUpload(sized('net.onnx', MAX_UPLOAD_BYTES), MODEL_UPLOAD)).toBeNull();
    expect(checkUpload(sized('net.onnx', MAX_UPLOAD_BYTES + 1), MODEL_UPLOAD)).toBe(
      'net.onnx is 52,428,801 bytes; the server takes files up to 50 MB',
    );
    expect(checkUpload(sized('big.zip', 64 * 1024 * 1024), MODEL_UPLOAD)).toBe(
      'big.zip is 64 MB; the server takes files up to 50 MB',
    );
  });

  it('formats sizes in KB below a megabyte, MB with one decimal above', () => {
    expect(formatBytes(100)).toBe('1 KB');
    expect(formatBytes(812 * 1024)).toBe('812 KB');
    expect(formatBytes(3.44 * 1024 * 1024)).toBe('3.4 MB');
    expect(formatBytes(50 * 1024 * 1024)).toBe('50 MB');
  });
});
