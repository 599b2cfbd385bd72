// Built instead of mel_cuda.cu when nvcc is absent: same C API, every call reports why CUDA is unavailable,
// so the JNI library always links and Java sees a clean "not available".
#include "mel_plan.h"

#include <cstdio>

namespace {
const char* kReason = "emotrace native library was built without CUDA (nvcc not found, or emotrace.cuda=off, at build time)";
void put(char* dst, int32_t len, const char* msg) {
    if (dst != nullptr && len > 0) std::snprintf(dst, static_cast<size_t>(len), "%s", msg);
}
}  // namespace

namespace emotrace {
void destroy_cuda_cache(EtMelPlan*) {}
}  // namespace emotrace

extern "C" {
int32_t et_cuda_built(void) { return 0; }
const char* et_cuda_last_error(void) { return kReason; }
int32_t et_cuda_device_count(char* reason, int32_t reason_len) {
    put(reason, reason_len, kReason);
    return 0;
}
int32_t et_cuda_device_info(int32_t, char* name, int32_t name_len, int64_t*, int32_t*, int32_t*) {
    put(name, name_len, "");
    return ET_ERR_NO_CUDA;
}
int32_t et_cuda_malloc(int32_t, int64_t, int64_t* p) {
    if (p != nullptr) *p = 0;
    return ET_ERR_NO_CUDA;
}
int32_t et_cuda_free(int32_t, int64_t) { return ET_ERR_NO_CUDA; }
int32_t et_cuda_copy_h2d(int32_t, int64_t, const void*, int64_t) { return ET_ERR_NO_CUDA; }
int32_t et_cuda_copy_d2h(int32_t, void*, int64_t, int64_t) { return ET_ERR_NO_CUDA; }
int32_t et_cuda_synchronize(int32_t) { return ET_ERR_NO_CUDA; }
int32_t et_cuda_mel_compute_batch(const EtMelPlan*, int32_t, int64_t, const int64_t*, int32_t, int64_t) {
    return ET_ERR_NO_CUDA;
}
}
