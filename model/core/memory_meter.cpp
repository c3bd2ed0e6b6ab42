#include "model/core/memory_meter.h"

#include <c10/core/Allocator.h>
#include <c10/core/CPUAllocator.h>
#include <c10/core/impl/alloc_cpu.h>

#include <atomic>
#include <cstdio>
#include <unistd.h>
#include <mutex>
#include <unordered_map>

namespace csae {
namespace {

std::atomic<std::int64_t> g_current{0};
std::atomic<std::int64_t> g_peak{0};
// LibTorch requires a CPU DataPtr's context to be its data pointer (Allocator::raw_allocate
// asserts it), so sizes live in a side table rather than in a wrapping context.
std::mutex g_sizes_mutex;
std::unordered_map<void*, std::int64_t> g_sizes;

void release(void* data)
{
    std::int64_t bytes = 0;
    {
        std::lock_guard lock(g_sizes_mutex);
        const auto found = g_sizes.find(data);
        if (found != g_sizes.end()) {
            bytes = found->second;
            g_sizes.erase(found);
        }
    }
    g_current.fetch_sub(bytes);
    c10::free_cpu(data);
}

class CountingAllocator final : public c10::Allocator {
public:
    c10::DataPtr allocate(size_t bytes) const override
    {
        void* data = c10::alloc_cpu(bytes);
        const auto size = static_cast<std::int64_t>(bytes);
        {
            std::lock_guard lock(g_sizes_mutex);
            g_sizes[data] = size;
        }
        const std::int64_t now = g_current.fetch_add(size) + size;
        std::int64_t peak = g_peak.load();
        while (now > peak && !g_peak.compare_exchange_weak(peak, now)) {
        }
        return {data, data, &release, c10::Device(c10::DeviceType::CPU)};
    }

    c10::DeleterFnPtr raw_deleter() const override { return &release; }
};

} // namespace

void MemoryMeter::install()
{
    static std::once_flag once;
    std::call_once(once, [] {
        static CountingAllocator allocator;
        // Priority above the default's so LibTorch keeps ours.
        c10::SetCPUAllocator(&allocator, /*priority=*/100);
    });
}

std::int64_t MemoryMeter::current_bytes()
{
    return g_current.load();
}

std::int64_t MemoryMeter::peak_bytes()
{
    return g_peak.load();
}

void MemoryMeter::reset_peak()
{
    g_peak.store(g_current.load());
}

std::int64_t resident_set_bytes()
{
    std::FILE* statm = std::fopen("/proc/self/statm", "r");
    if (!statm)
        return -1;
    long long size = 0, resident = 0;
    const int read = std::fscanf(statm, "%lld %lld", &size, &resident);
    std::fclose(statm);
    return read == 2 ? resident * static_cast<std::int64_t>(::sysconf(_SC_PAGESIZE)) : -1;
}

} // namespace csae
