"""The `<stem>.gradient.json` fixtures of the PyTorch gradient references (torch_gradient_fixtures.py,
family_fixtures.py, modern_blocks.py), read by packages/core/test/fixtures/onnx/torch-fixtures.ts:
the input batch, per-example target classes, the logits and the autograd gradient of
logits[i, target[i]] with respect to the input, as flattened float32 little-endian base64.
"""
import base64
import json

import numpy as np
import torch


def b64(array):
    """Flattened float32 little-endian bytes of `array`, base64."""
    return base64.b64encode(np.ascontiguousarray(array, dtype="<f4").tobytes()).decode()


def targets_for(batch):
    """The target class of each example of a batch: (7i + 3) mod 1000."""
    return [(7 * i + 3) % 1000 for i in range(batch)]


def target_gradient(model, x, targets):
    """(logits, gradient): `model` at `x`, and the gradient of sum_i logits[i, targets[i]] w.r.t. `x`."""
    x = x.detach().requires_grad_(True)
    logits = model(x)
    logits[torch.arange(len(targets)), torch.tensor(targets)].sum().backward()
    return logits.detach(), x.grad


def write_fixture(path, fmt, model_file, x, targets, logits, gradient, logits64=None, gradient64=None, **extra):
    """Write the fixture JSON to `path`; without float64 results the float32 ones stand in for them.

    `extra` keys (switchMargin, nudges, maxNudge) follow the standard ones.
    """
    fixture = {
        "format": fmt, "model": model_file, "shape": list(x.shape), "targets": targets,
        "input": b64(x.detach().numpy()), "logits": b64(logits.detach().numpy()),
        "gradient": b64(gradient.numpy()), "gradient64": b64((gradient if gradient64 is None else gradient64).numpy()),
        "logits64": b64((logits if logits64 is None else logits64).detach().numpy()), "torch": torch.__version__,
        **extra,
    }
    with open(path, "w") as f:
        json.dump(fixture, f)
