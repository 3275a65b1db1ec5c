"""Keep a gradient fixture's input away from ReLU and max-pool switches.

A ReLU network's input gradient is piecewise constant in its switch pattern (which ReLUs pass,
which max-pool window entry wins). When a decision sits within float32 rounding of switching, a
float32 implementation may take the other branch than PyTorch's float64 reference, and the input
gradient then differs by far more than rounding: for calibrated random-weight inception_v3 at
299 px each such flip moves it by ~1e-2 (max-norm, relative), and every standard-normal input has
2–6 of them. That is a property of the input, not of the code under test.

`with_margin` nudges the input (by at most ~1e-5 on N(0, 1) pixels) until no ReLU (or ReLU6) input
and no max-pool gap between a window's two largest entries is within `margin` of its layer's RMS,
twice the largest float32 error seen at a flipped decision, so float32 rounding leaves them alone. The nudge is a few gradient steps on the sum of the
near-switch values, each pushed away from its switch in the direction it already leans.
"""
import contextlib

import torch
import torch.nn.functional as F

MARGIN = 1e-5  # relative to the layer's RMS; float32 flips were seen up to 4.5e-6


class _NearSwitches:
    """Collects, during one forward pass, the near-switch values (normalised by their layer's RMS)."""

    def __init__(self, margin):
        self.margin = margin
        self.values = []  # 1-D tensors of signed, RMS-normalised distances to a switch (with graph)

    def relu(self, t, *args, **kwargs):
        self._add(t / _rms(t))
        return _RELU(t)  # never in place: the recorded input must survive

    def hardtanh(self, t, min_val=-1.0, max_val=1.0, inplace=False):  # ReLU6 is hardtanh(0, 6)
        self._add((t - min_val) / _rms(t))
        self._add((t - max_val) / _rms(t))
        return _HARDTANH(t, min_val, max_val)

    def max_pool2d(self, t, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                   return_indices=False):
        out = _MAX_POOL2D(t, kernel_size, stride, padding, dilation, ceil_mode, return_indices)
        step = stride or kernel_size
        if all(isinstance(v, int) for v in (kernel_size, step, padding, dilation)) and dilation == 1:
            # -inf padding, and with ceil_mode the partial windows at the bottom and right.
            h, w = ((n - 1) * step + kernel_size - size - 2 * padding for n, size in zip(out_shape(out), t.shape[-2:]))
            padded = F.pad(t, [padding, padding + max(w, 0), padding, padding + max(h, 0)], value=float("-inf"))
            windows = F.unfold(padded.reshape(-1, 1, *padded.shape[-2:]), kernel_size, stride=step)
            top = windows.topk(2, dim=1).values
            gap = top[:, 0] - top[:, 1]
            # Exact ties are copies of one value (overlapping pools of a pooled map): every
            # implementation resolves them alike, and the gradient goes back to the same unit.
            self._add((gap / _rms(t))[(top[:, 0] > 0) & (gap > 0)])
        return out

    def _add(self, scaled):
        near = scaled.abs() < self.margin
        if near.any():
            self.values.append(scaled[near])


def out_shape(out):
    """Spatial size of a max-pool result (a tensor, or (tensor, indices))."""
    return (out[0] if isinstance(out, tuple) else out).shape[-2:]


def _rms(t):
    return t.detach().pow(2).mean().sqrt().clamp_min(1e-30)


_RELU = F.relu
_HARDTANH = F.hardtanh
_MAX_POOL2D = F.max_pool2d


@contextlib.contextmanager
def _watching(near):
    F.relu, F.hardtanh, F.max_pool2d = near.relu, near.hardtanh, near.max_pool2d
    try:
        yield
    finally:
        F.relu, F.hardtanh, F.max_pool2d = _RELU, _HARDTANH, _MAX_POOL2D


def near_switches(model64, x64, margin=MARGIN):
    """The near-switch values of `model64` at `x64` (float64), as one 1-D tensor with graph."""
    near = _NearSwitches(margin)
    with _watching(near):
        model64(x64)
    return torch.cat(near.values) if near.values else torch.zeros(0, dtype=x64.dtype)


def with_margin(model64, x, margin=MARGIN, steps=8):
    """`x` (float32) nudged so that no switch is within `margin`; returns (x, nudges, max |Δx|).

    Raises RuntimeError when `steps` nudges are not enough.
    """
    x64 = x.detach().double()
    for step in range(steps + 1):
        probe = x.detach().double().requires_grad_(True)
        values = near_switches(model64, probe, margin)
        if values.numel() == 0:
            return x, step, (x.double() - x64).abs().max().item()
        if step == steps:
            break
        # Push each value away from 0 in the direction it leans, aiming at 2 × margin.
        lean = torch.where(values.detach() >= 0, 1.0, -1.0).to(values.dtype)
        push = (lean * values).sum()
        (grad,) = torch.autograd.grad(push, probe)
        wanted = (2 * margin - lean * values.detach()).sum()
        x = (probe.detach() + grad * (wanted / grad.pow(2).sum().clamp_min(1e-30))).float()
    raise RuntimeError(f"{values.numel()} ReLU/max-pool decisions stay within {margin:g} of switching")
