#pragma once
// Process-wide settings the engine needs for speed. Called by the Trainer; idempotent.

#include "model/config/choices.h"

#include <c10/core/Device.h>

#include <cstdint>
#include <string>

namespace csae {

/// The thread count the engine uses: `configured` if > 0, else $OMP_NUM_THREADS, else every core.
/// (Debian's LibTorch starts with one thread on these machines.)
int resolve_thread_count(std::int64_t configured);

/// Tunes glibc's allocator (see configure_runtime). Process-wide and idempotent; call it before
/// starting threads that will train, because glibc ties each thread to an arena at its first
/// allocation.
void tune_allocator();

/// Sets LibTorch's thread count (resolve_thread_count), hands a $CSAE_MAX_ISA cap on to oneDNN
/// and tunes glibc's allocator.
///
/// Why the allocator: activations of the SAE at batch 64 x T 25 are 10-60 MB each. glibc
/// serves blocks above its mmap threshold with fresh mmap()s and returns them on free, so
/// every training step page-faults through gigabytes (an order of magnitude slower with
/// glibc's defaults: docs/performance.md).
/// Threads other than the main one allocate from secondary arenas whose heaps are capped at
/// 64 MiB, so large blocks go back to mmap there whatever the threshold: the studio's training
/// thread ran at a third of the CLI's speed until every thread shared the main arena.
void configure_runtime(std::int64_t threads);

/// The device for train.device: cpu, cuda (ConfigError when this LibTorch has no CUDA or no
/// GPU is visible) or auto (cuda when available, else cpu).
c10::Device resolve_device(DeviceChoice choice);

} // namespace csae
