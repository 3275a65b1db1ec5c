"""BatchNorm calibration for random-weight torchvision models.

torchvision initialises BatchNorm with running_mean = 0 and running_var = 1, which is right only
for a network whose every layer already outputs unit-scale activations. With random convolution
weights they don't: in eval mode each block multiplies the scale, and random-weight inception_v3
(truncated-normal std 0.1 convs) reaches activations near 1e12 at 299 px. A float32 result of such
a network depends on the CPU's summation order (5.7e-2 relative gradient error against float64 on
one machine, 4e-4 on another), so it makes no reproducible parity fixture and no useful model.

`calibrate_batchnorm` runs one small seeded batch through the model in float64 and sets each
BatchNorm's statistics, layer after layer, from the input it actually sees, so that its output
has mean `SHIFT` and standard deviation 1 per channel on that batch: activations stay O(1).

Why a shift of 1 and not the plain statistics of train mode (mean 0): centred channels put half of
every ReLU's inputs at its kink, and inception_v3's input gradient at 299 px then jumps by 1–3 %
under a 1e-7 relative change of its input (a ReLU or max-pool switch flips), which no float32
computation can match to 1e-3. With mean 1 about 84 % of the units are active, the gradient does
not move under perturbations of 1e-6, and ReLU masks and max-pool switches are still exercised.
The graph is unchanged: only running_mean and running_var move (they fold into the preceding Conv
at export).
"""
import torch

CALIBRATION_BATCH = 8
CALIBRATION_SEED_OFFSET = 1000  # keeps the calibration batch apart from the fixtures' inputs
SHIFT = 1.0  # each calibrated BatchNorm's output mean, in standard deviations


def batchnorms(model):
    """Every BatchNorm1d/2d/3d in `model`."""
    return [m for m in model.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]


def _standardise(bn, inputs):
    """Forward pre-hook: statistics that map this input to mean SHIFT, std 1 per channel.

    With torchvision's initial weight 1 and bias 0, BatchNorm outputs (x − running_mean) /
    sqrt(running_var + eps).
    """
    x = inputs[0]
    dims = [d for d in range(x.dim()) if d != 1]
    var = x.var(dim=dims, unbiased=False)
    bn.running_var.copy_(var)
    bn.running_mean.copy_(x.mean(dim=dims) - SHIFT * (var + bn.eps).sqrt())


@torch.no_grad()
def calibrate_batchnorm(model, side, seed, batch=CALIBRATION_BATCH):
    """Set each BatchNorm's statistics from one seeded standard-normal batch (see the module doc).

    Runs the model once in eval mode and float64 (so the statistics barely depend on the machine);
    returns `model` (float32, eval mode) and the number of BatchNorm layers calibrated.
    """
    norms = batchnorms(model)
    model.eval()
    if not norms:
        return model, 0
    handles = [bn.register_forward_pre_hook(_standardise) for bn in norms]
    try:
        generator = torch.Generator().manual_seed(seed + CALIBRATION_SEED_OFFSET)
        model.double()(torch.randn(batch, 3, side, side, generator=generator, dtype=torch.float64))
    finally:
        for handle in handles:
            handle.remove()
        model.float()
    return model, len(norms)
