"""Captum-semantics reference fixtures for packages/core/src/attribution.

Captum is not installable here, so this script re-implements the parts snowblind matches
(IntegratedGradients, Saliency, InputXGradient, NoiseTunnel, Occlusion, visualize_image_attr's
threshold/normalisation and colormaps) with torch autograd and numpy, following Captum's
algorithms step for step (see ../../shared/REFERENCE.md): step-major scaled batches, internal
batch chunks of max(1, ibs // n) steps, float32 step-size scaling, repeat_interleave for noise
samples, feature-ablation masks divided by coverage counts.

Run: /usr/bin/python3 tools/attribution/captum_reference.py
Writes packages/core/test/fixtures/attribution/captum-parity.json (weights, inputs, expected
attributions, injected noise) and visual-reference.json (leggauss, matplotlib colormaps,
scipy gaussian_filter, cumulative-sum thresholds). Everything is seeded: reruns are identical.
"""

import json
import math
import os

import numpy as np
import torch
from torch import nn

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'packages', 'core', 'test', 'fixtures', 'attribution')


class SmallConvNet(nn.Module):
    """conv 3->4 (3x3, pad 1) -> relu -> maxpool 2 -> flatten (C,H,W order) -> linear 256->5."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.fc = nn.Linear(4 * 8 * 8, 5)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(self.pool(torch.relu(self.conv(x))).flatten(1))


# ---- Captum semantics, re-implemented -------------------------------------------------------

def approximation(method: str, n: int):
    """(step_sizes, alphas) as captum.attr._utils.approximation_methods."""
    if method == 'gausslegendre':
        nodes, weights = np.polynomial.legendre.leggauss(n)
        return list(0.5 * weights), list(0.5 * (1 + nodes))
    assert n > 1
    deltas = [1 / n] * n
    if method == 'riemann_trapezoid':
        deltas[0] /= 2
        deltas[-1] /= 2
        alphas = torch.linspace(0, 1, n).tolist()
    elif method == 'riemann_left':
        alphas = torch.linspace(0, 1 - 1 / n, n).tolist()
    elif method == 'riemann_middle':
        alphas = torch.linspace(1 / (2 * n), 1 - 1 / (2 * n), n).tolist()
    elif method == 'riemann_right':
        alphas = torch.linspace(1 / n, 1, n).tolist()
    else:
        raise ValueError(method)
    return deltas, alphas


def target_gradients(net, x, targets):
    x = x.detach().clone().requires_grad_(True)
    out = net(x)
    selected = out[torch.arange(x.shape[0]), torch.tensor(targets)]
    (grad,) = torch.autograd.grad(torch.unbind(selected), x)
    return grad


def integrated_gradients(net, inputs, baselines, targets, n_steps=50, method='gausslegendre',
                         internal_batch_size=None):
    n = inputs.shape[0]
    step_sizes, alphas = approximation(method, n_steps)
    step_count = n_steps if internal_batch_size is None else max(1, internal_batch_size // n)
    total = None
    chunk_sizes = []
    start = 0
    while start < n_steps:
        end = min(start + step_count, n_steps)
        steps = end - start
        chunk_sizes.append(steps * n)
        a, w = alphas[start:end], step_sizes[start:end]
        scaled = torch.cat([baselines + alpha * (inputs - baselines) for alpha in a], dim=0)
        grad = target_gradients(net, scaled, list(targets) * steps)
        scaled_grad = grad.contiguous().view(steps, -1) * torch.tensor(w).float().view(steps, 1)
        total_grads = scaled_grad.reshape((steps, n) + tuple(grad.shape[1:])).sum(0)
        attr = total_grads * (inputs - baselines)
        total = attr if total is None else total + attr
        start = end
    with torch.no_grad():
        idx = torch.arange(n), torch.tensor(targets)
        delta = total.reshape(n, -1).sum(1) - (net(inputs)[idx] - net(baselines)[idx])
    return total, delta, chunk_sizes


def saliency(net, inputs, targets, abs_=True):
    grad = target_gradients(net, inputs, targets)
    return grad.abs() if abs_ else grad


def noise_tunnel(attribute, inputs, targets, noise, nt_type, batch_size):
    """noise: [n, samples, ...] pre-drawn; samples fed repeat_interleave-style per partition."""
    n, samples = noise.shape[0], noise.shape[1]
    total = torch.zeros_like(inputs, dtype=torch.float64)
    total_sq = torch.zeros_like(inputs, dtype=torch.float64)
    first = 0
    while first < samples:
        k = min(batch_size, samples - first)
        noisy = inputs.repeat_interleave(k, dim=0) + noise[:, first:first + k].reshape((n * k,) + inputs.shape[1:])
        tgt = [t for t in targets for _ in range(k)]
        attr = attribute(noisy, tgt).double().reshape((n, k) + inputs.shape[1:])
        total += attr.sum(1)
        total_sq += (attr * attr).sum(1)
        first += k
    mean, mean_sq = total / samples, total_sq / samples
    return {'smoothgrad': mean, 'smoothgrad_sq': mean_sq, 'vargrad': mean_sq - mean * mean}[nt_type].float()


def occlusion(net, inputs, targets, window, strides, baseline=0.0):
    n = inputs.shape[0]
    shape = inputs.shape[1:]
    counts_per_dim = [math.ceil((d - w) / s) + 1 for d, w, s in zip(shape, window, strides)]
    idx = torch.arange(n), torch.tensor(targets)
    with torch.no_grad():
        initial = net(inputs)[idx]
        total = torch.zeros_like(inputs)
        coverage = torch.zeros(shape)
        for pos in np.ndindex(*counts_per_dim):
            mask = torch.zeros(shape)
            sl = tuple(slice(p * s, p * s + w) for p, s, w in zip(pos, strides, window))
            mask[sl] = 1
            ablated = inputs * (1 - mask) + baseline * mask
            diff = initial - net(ablated)[idx]
            total += diff.view(n, *([1] * len(shape))) * mask
            coverage += mask
    return total / coverage, int(np.prod(counts_per_dim))


# ---- visualize_image_attr helpers (numpy, as captum.attr._utils.visualization) ---------------

def cumulative_sum_threshold(values, percentile):
    sorted_vals = np.sort(values.flatten())
    cum_sums = np.cumsum(sorted_vals)
    threshold_id = np.where(cum_sums >= cum_sums[-1] * 0.01 * percentile)[0][0]
    return sorted_vals[threshold_id]


def normalize_attr(attr_combined, sign, outlier_perc):
    if sign == 'all':
        threshold = cumulative_sum_threshold(np.abs(attr_combined), 100 - outlier_perc)
    elif sign == 'positive':
        attr_combined = (attr_combined > 0) * attr_combined
        threshold = cumulative_sum_threshold(attr_combined, 100 - outlier_perc)
    elif sign == 'negative':
        attr_combined = (attr_combined < 0) * attr_combined
        threshold = -1 * cumulative_sum_threshold(np.abs(attr_combined), 100 - outlier_perc)
    else:
        attr_combined = np.abs(attr_combined)
        threshold = cumulative_sum_threshold(attr_combined, 100 - outlier_perc)
    return np.clip(attr_combined / threshold, -1, 1), float(threshold)


def flat(t) -> list:
    if isinstance(t, torch.Tensor):
        t = t.detach().numpy()
    return [float(v) for v in np.asarray(t, dtype=np.float64).reshape(-1)]


def parity_fixture() -> dict:
    torch.manual_seed(0)
    net = SmallConvNet().eval()
    n = 2
    inputs = torch.randn(n, 3, 16, 16)
    targets = [1, 3]
    zero = torch.zeros_like(inputs)
    const = torch.full_like(inputs, 0.1)

    ig, ig_delta, ig_chunks = integrated_gradients(net, inputs, zero, targets, 50, 'gausslegendre', 30)
    ig_trap, ig_trap_delta, _ = integrated_gradients(net, inputs, const, targets, 20, 'riemann_trapezoid')

    nt_samples, nt_batch, stdev = 4, 3, 0.3
    g = torch.Generator().manual_seed(1)
    noise = torch.randn((n, nt_samples) + tuple(inputs.shape[1:]), generator=g) * stdev
    sg_sq = noise_tunnel(
        lambda x, t: integrated_gradients(net, x, torch.zeros_like(x), t, 20, 'gausslegendre')[0],
        inputs, targets, noise, 'smoothgrad_sq', nt_batch)
    noise_vg = torch.randn((n, 3) + tuple(inputs.shape[1:]), generator=g) * stdev
    vargrad = noise_tunnel(lambda x, t: saliency(net, x, t), inputs, targets, noise_vg, 'vargrad', 3)

    occ, occ_windows = occlusion(net, inputs, targets, (3, 5, 5), (3, 3, 3), 0.0)

    return {
        'note': 'generated by tools/attribution/captum_reference.py; layout NCHW, C-order flat arrays',
        'weights': {
            'convWeight': flat(net.conv.weight), 'convWeightShape': list(net.conv.weight.shape),
            'convBias': flat(net.conv.bias),
            'fcWeight': flat(net.fc.weight), 'fcWeightShape': list(net.fc.weight.shape),
            'fcBias': flat(net.fc.bias),
        },
        'inputShape': [3, 16, 16],
        'inputs': flat(inputs),
        'targets': targets,
        'logits': flat(net(inputs).detach()),
        'ig': {'nSteps': 50, 'method': 'gausslegendre', 'internalBatchSize': 30, 'baseline': 0,
               'chunkRows': ig_chunks, 'attributions': flat(ig.detach()), 'deltas': flat(ig_delta)},
        'igTrapezoid': {'nSteps': 20, 'method': 'riemann_trapezoid', 'baseline': 0.1,
                        'attributions': flat(ig_trap.detach()), 'deltas': flat(ig_trap_delta)},
        'saliency': flat(saliency(net, inputs, targets)),
        'inputXGradient': flat(target_gradients(net, inputs, targets) * inputs),
        'smoothgradSqIg': {'ntSamples': nt_samples, 'ntSamplesBatchSize': nt_batch, 'nSteps': 20,
                           'noise': flat(noise), 'attributions': flat(sg_sq)},
        'vargradSaliency': {'ntSamples': 3, 'noise': flat(noise_vg), 'attributions': flat(vargrad)},
        'occlusion': {'slidingWindowShapes': [3, 5, 5], 'strides': [3, 3, 3], 'baseline': 0,
                      'windows': occ_windows, 'attributions': flat(occ)},
    }


def visual_fixture() -> dict:
    import matplotlib
    from matplotlib.colors import LinearSegmentedColormap, Normalize
    from scipy.ndimage import gaussian_filter

    leggauss = {}
    for k in [1, 2, 3, 4, 5, 7, 10, 50, 64, 100, 200, 256]:
        x, w = np.polynomial.legendre.leggauss(k)
        leggauss[str(k)] = {'nodes': flat(x), 'weights': flat(w)}

    values = [-1.5, -1.0, -0.5, -0.01, 0.0, 0.001, 0.1, 0.25, 0.3333, 0.5, 0.75, 0.9, 0.999, 1.0, 1.5]
    cmaps = {
        'Greens': (matplotlib.colormaps['Greens'], 0, 1),
        'Reds': (matplotlib.colormaps['Reds'], 0, 1),
        'Blues': (matplotlib.colormaps['Blues'], 0, 1),
        'gray': (matplotlib.colormaps['gray'], 0, 1),
        'RdWhGn': (LinearSegmentedColormap.from_list('RdWhGn', ['red', 'white', 'green']), -1, 1),
        'custom': (LinearSegmentedColormap.from_list('custom', [(0, '#ffffff'), (0.25, '#000000'), (1, '#000000')]), 0, 1),
    }
    colormaps = {}
    for name, (cmap, vmin, vmax) in cmaps.items():
        rgba = cmap(Normalize(vmin, vmax)(np.array(values)), bytes=True)
        colormaps[name] = {'vmin': vmin, 'vmax': vmax, 'values': values,
                           'rgb': [[int(c) for c in row[:3]] for row in rgba]}

    rng = np.random.default_rng(3)
    image = rng.standard_normal((3, 6, 7)).astype(np.float32)
    blurred = np.stack([gaussian_filter(image[c], sigma=1.5, mode='reflect', truncate=4.0) for c in range(3)])

    attr = rng.standard_normal((5, 6, 3)).astype(np.float64)  # HWC as visualize_image_attr takes it
    summed = attr.sum(axis=2)
    normalized = {}
    for sign in ['all', 'positive', 'negative', 'absolute_value']:
        for perc in [1, 2, 10]:
            norm, threshold = normalize_attr(summed, sign, perc)
            normalized[f'{sign}/{perc}'] = {'threshold': threshold, 'values': flat(norm)}
    return {
        'leggauss': leggauss,
        'colormaps': colormaps,
        'blur': {'shape': [3, 6, 7], 'sigma': 1.5, 'input': flat(image), 'expected': flat(blurred)},
        'normalize': {'hwc': flat(attr), 'height': 5, 'width': 6, 'channels': 3, 'cases': normalized},
    }


def main() -> None:
    os.makedirs(OUT, exist_ok=True)
    for name, data in [('captum-parity.json', parity_fixture()), ('visual-reference.json', visual_fixture())]:
        with open(os.path.join(OUT, name), 'w') as f:
            json.dump(data, f, separators=(',', ':'))
        print(name, os.path.getsize(os.path.join(OUT, name)), 'bytes')


if __name__ == '__main__':
    main()
