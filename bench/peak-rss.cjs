// Preloaded by bench/read-whole-process.ts into both tools' processes: their peak RSS, measured the same way.
process.on('exit', () => process.stderr.write(`peak-rss-kib ${process.resourceUsage().maxRSS}\n`));
