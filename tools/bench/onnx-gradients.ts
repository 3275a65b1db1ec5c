/**
 * Forward+backward throughput of snowblind's ONNX gradient graphs against PyTorch autograd, same
 * run, same machine: ResNet-18 (fixed-seed random weights, exported by tools/onnx), 224 × 224,
 * batch 16, 2 threads each. Prints images/s, the ratio, and peak RSS of both processes.
 *
 *   npx tsx tools/bench/onnx-gradients.ts [--batch 16] [--threads 2] [--iterations 5] [--model resnet18]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createOnnxGradientRunner } from '../../packages/core/src/onnx/index.js';

const { values } = parseArgs({
  options: {
    batch: { type: 'string', default: '16' },
    threads: { type: 'string', default: '2' },
    iterations: { type: 'string', default: '5' },
    model: { type: 'string', default: 'resnet18' },
  },
});
const batch = Number(values.batch);
const threads = Number(values.threads);
const iterations = Number(values.iterations);
const name = values.model;
const PYTHON = '/usr/bin/python3';
const dir = join(tmpdir(), 'snowblind-onnx-fixtures', 'bench-224');
const onnxPath = join(dir, `${name}.onnx`);
if (!existsSync(onnxPath)) {
  execFileSync(
    PYTHON,
    ['tools/onnx/export_torchvision.py', '--out', dir, '--random-weights', '--size', '224', name],
    {
      stdio: 'inherit',
    },
  );
}

const size = 3 * 224 * 224;
const input = new Float32Array(batch * size).map((_, i) => Math.sin(i * 0.37));
const targets = Array.from({ length: batch }, (_, i) => (i * 7 + 3) % 1000);

const runner = await createOnnxGradientRunner(readFileSync(onnxPath), { threads });
await runner.forwardBackward(input, batch, targets); // warm-up
const start = performance.now();
for (let i = 0; i < iterations; i++) await runner.forwardBackward(input, batch, targets);
const onnxSeconds = (performance.now() - start) / 1000;
await runner.dispose();
const onnxRate = (batch * iterations) / onnxSeconds;
const onnxPeakMb = process.resourceUsage().maxRSS / 1024;

const torchScript = `
import resource, time, torch, torchvision
torch.set_num_threads(${threads})
torch.manual_seed(0)
m = torchvision.models.${name}(weights=None).eval()
x = torch.randn(${batch}, 3, 224, 224)
t = torch.tensor([${targets.join(',')}])
def step():
    xi = x.clone().requires_grad_(True)
    y = m(xi)
    y[torch.arange(${batch}), t].sum().backward()
step()
s = time.perf_counter()
for _ in range(${iterations}): step()
e = time.perf_counter() - s
print(${batch * iterations} / e, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
`;
const torch = spawnSync(PYTHON, ['-c', torchScript], {
  encoding: 'utf8',
  env: { ...process.env, PYTHONWARNINGS: 'ignore' },
});
if (torch.status !== 0) throw new Error(torch.stderr);
const [torchRate, torchPeakMb] = torch.stdout.trim().split(/\s+/).map(Number) as [number, number];

console.log(`${name}, 224×224, batch ${batch}, ${threads} threads, ${iterations} timed iterations`);
console.log(
  `snowblind ONNX forward+backward: ${onnxRate.toFixed(1)} images/s, peak RSS ${onnxPeakMb.toFixed(0)} MB`,
);
console.log(
  `PyTorch ${'1.13'} autograd:          ${torchRate.toFixed(1)} images/s, peak RSS ${torchPeakMb.toFixed(0)} MB`,
);
console.log(
  `ratio: ${(onnxRate / torchRate).toFixed(2)}× throughput, ${(onnxPeakMb / torchPeakMb).toFixed(2)}× memory`,
);
