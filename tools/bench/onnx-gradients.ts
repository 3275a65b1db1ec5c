/**
 * Forward+backward throughput of snowblind's ONNX gradient graphs against PyTorch autograd, same
 * run, same machine: ResNet-18 (fixed-seed random weights, exported by tools/onnx), 224 × 224,
 * batch 16, 2 threads each. Prints images/s, the ratio, and peak RSS of both processes.
 *
 *   npx tsx --conditions=source tools/bench/onnx-gradients.ts [--batch 16] [--threads 2] [--iterations 5] [--model resnet18]
 *
 * The two sides take turns, one batch each (PyTorch runs in a child process that waits for a
 * "step" line), so a change in machine load hits both: on shared cores a side measured alone can
 * look 2× faster or slower than it is. Throughput is from the median step time of each side; the
 * best step of each is printed too.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createOnnxGradientRunner } from '@snowblind/core';

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

const torchScript = `
import resource, sys, time, torch, torchvision
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
print('ready', flush=True)
for line in sys.stdin:
    if line.strip() != 'step':
        break
    s = time.perf_counter()
    step()
    print(time.perf_counter() - s, flush=True)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, flush=True)
`;
const torch = spawn(PYTHON, ['-c', torchScript], {
  stdio: ['pipe', 'pipe', 'inherit'],
  env: { ...process.env, PYTHONWARNINGS: 'ignore' },
});
const lines = createInterface({ input: torch.stdout })[Symbol.asyncIterator]();
const nextLine = async (): Promise<string> => {
  const { value, done } = await lines.next();
  if (done) throw new Error('the PyTorch process exited early');
  return value as string;
};
await nextLine(); // 'ready': model built and warmed up

const runner = await createOnnxGradientRunner(readFileSync(onnxPath), { threads });
await runner.forwardBackward(input, batch, targets); // warm-up
const onnxTimes: number[] = [];
const torchTimes: number[] = [];
const loadBefore = loadavg()[0]!;
for (let i = 0; i < iterations; i++) {
  const start = performance.now();
  await runner.forwardBackward(input, batch, targets);
  onnxTimes.push((performance.now() - start) / 1000);
  torch.stdin.write('step\n');
  torchTimes.push(Number(await nextLine()));
}
const loadAfter = loadavg()[0]!;
await runner.dispose();
const onnxPeakMb = process.resourceUsage().maxRSS / 1024;
torch.stdin.end('quit\n');
const torchPeakMb = Number(await nextLine());

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const rate = (seconds: number) => batch / seconds;
const onnxRate = rate(median(onnxTimes));
const torchRate = rate(median(torchTimes));
const best = (xs: number[]) => rate(Math.min(...xs)).toFixed(1);

console.log(`${name}, 224×224, batch ${batch}, ${threads} threads, ${iterations} alternating iterations`);
console.log(`1-minute load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after`);
console.log(
  `snowblind ONNX forward+backward: ${onnxRate.toFixed(1)} images/s (best ${best(onnxTimes)}), peak RSS ${onnxPeakMb.toFixed(0)} MB`,
);
console.log(
  `PyTorch 1.13 autograd:          ${torchRate.toFixed(1)} images/s (best ${best(torchTimes)}), peak RSS ${torchPeakMb.toFixed(0)} MB`,
);
console.log(
  `ratio: ${(onnxRate / torchRate).toFixed(2)}× throughput (best/best ${(Math.min(...torchTimes) / Math.min(...onnxTimes)).toFixed(2)}×), ${(onnxPeakMb / torchPeakMb).toFixed(2)}× memory`,
);
