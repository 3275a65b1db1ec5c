export {
  DEBIAN_FASHION_MNIST_DIR,
  FASHION_MNIST_LABELS,
  type FashionMnistArrays,
  fashionMnistDir,
  type LabelledImages,
  loadFashionMnist,
  loadFashionMnistArrays,
} from './fashion-mnist.js';
export { type IdxArray, parseIdx } from './idx.js';
export { loadInDistribution, NAMED_DATASETS } from './in-distribution.js';
