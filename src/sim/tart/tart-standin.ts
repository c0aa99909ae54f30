// placeholder; replaced by the tart stand-in
process.exit(0);
