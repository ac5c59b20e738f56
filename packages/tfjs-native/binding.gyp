{
  "targets": [
    {
      "target_name": "latentlab_native",
      "sources": [
        "native/adamw_update.cc",
        "native/addon.cc",
        "native/addon_elementwise.cc",
        "native/binary_elementwise.cc",
        "native/addon_conv.cc",
        "native/addon_gemm.cc",
        "native/addon_reduce.cc",
        "native/batched_sgemm.cc",
        "native/bias_activation.cc",
        "native/conv2d.cc",
        "native/conv2d_backprop_filter.cc",
        "native/conv2d_backprop_input.cc",
        "native/conv2d_blocks.cc",
        "native/cpu_features.cc",
        "native/ema_update.cc",
        "native/fma_peak.cc",
        "native/gelu_tanh.cc",
        "native/gemm_pack.cc",
        "native/im2col.cc",
        "native/layer_norm.cc",
        "native/micro_kernel_avx2.cc",
        "native/micro_kernel_avx512.cc",
        "native/micro_kernel_neon.cc",
        "native/micro_kernel_scalar.cc",
        "native/reduce.cc",
        "native/segment_sum.cc",
        "native/sgemm.cc",
        "native/softmax.cc",
        "native/strided_copy.cc",
        "native/strided_layout.cc",
        "native/thread_pool.cc",
        "native/unary.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-O3", "-std=c++17", "-fexceptions", "-fno-trapping-math", "-ffp-contract=off"],
      "conditions": [
        ["OS=='linux'", { "libraries": ["-pthread"], "cflags_cc": ["-pthread"] }],
        ["OS=='mac'", {
          "xcode_settings": {
            "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
            "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
            "OTHER_CPLUSPLUSFLAGS": ["-O3", "-fno-trapping-math", "-ffp-contract=off"]
          }
        }]
      ]
    }
  ]
}
