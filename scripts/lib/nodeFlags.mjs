// The app's heap ceiling, wherever it runs: infra's appCommandLine (`node --max-old-space-size=384
// lib/src/main.js`), `npm start` and `npm run bench`. With it V8 collects before the heap grows to
// what its default limit allows: under 32 connections of card actions the app peaked at about 180 MiB
// RSS instead of about 300–330 MiB, at the same throughput (BENCHMARKS.md). 384 MB of old space is
// many times what a tenant's 10,000 summary rows take; test/unit/infra.test.ts keeps the three in step.
export const APP_HEAP_FLAG = "--max-old-space-size=384";
