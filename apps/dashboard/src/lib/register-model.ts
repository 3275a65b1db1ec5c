import { checkUpload, MODEL_UPLOAD } from './upload-check.js';

/** Preset names the API knows (`RegisterModelInput.preset`). */
export const PRESET_NAMES = ['torchvision', 'caffe-bgr', 'tf-mobilenet', 'fashion-mnist'] as const;

/** What the register form holds. */
export interface RegisterModelForm {
  id: string;
  file: File | null;
  /** '' = the model's own sidecar or the default. */
  preset: string;
  /** One label per line; blank = the model's own labels. */
  labels: string;
  description: string;
}

export const EMPTY_REGISTER_FORM: RegisterModelForm = {
  id: '',
  file: null,
  preset: '',
  labels: '',
  description: '',
};

/** The API's id rule (`RegisterModelInput.id`). */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Check the form as the API will, and build `RegisterModelInput`.
 *
 * @returns the input, or errors keyed by field
 */
export function toRegisterModelInput(form: RegisterModelForm): {
  input: Record<string, unknown>;
  errors: Record<string, string>;
} {
  const errors: Record<string, string> = {};
  const id = form.id.trim();
  if (!id) errors['id'] = 'give the model an id';
  else if (id.length > 100) errors['id'] = 'at most 100 characters';
  else if (!ID_PATTERN.test(id))
    errors['id'] = 'letters, digits, ".", "_" or "-", starting with a letter or digit';
  if (!form.file) errors['file'] = 'choose an .onnx file or a TF.js model folder as .zip';
  else {
    const bad = checkUpload(form.file, MODEL_UPLOAD);
    if (bad) errors['file'] = bad;
  }
  const labels = form.labels
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (labels.some((l) => l.length > 200)) errors['labels'] = 'a label has more than 200 characters';
  if (form.description.length > 2000) errors['description'] = 'at most 2,000 characters';
  const input = {
    id,
    file: form.file,
    ...(form.preset ? { preset: form.preset } : {}),
    ...(labels.length > 0 ? { labels } : {}),
    ...(form.description.trim() ? { description: form.description.trim() } : {}),
  };
  return { input, errors };
}
