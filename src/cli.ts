// placeholder entry; replaced by the CLI
console.log('k8slab-tui');
