// The addon's entry point: every group of kernels registers its functions (addon_*.cc).
#include <napi.h>

#include "napi_arguments.h"

namespace {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  latentlab::register_gemm_functions(env, exports);
  latentlab::register_elementwise_functions(env, exports);
  latentlab::register_conv_functions(env, exports);
  latentlab::register_reduce_functions(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(latentlab_native, Init)
