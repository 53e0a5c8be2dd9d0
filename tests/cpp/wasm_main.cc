// The relaxed-SIMD test runner's entry point. clang >= 15 emits main(argc, argv) as
// __main_argc_argv, and Emscripten 3.1.6 only calls an export named main: without this
// the runner would load, run nothing and exit 0 (CTest also requires Catch2's summary
// line, see CMakeLists.txt).
extern "C" int __main_argc_argv(int argc, char** argv);

extern "C" __attribute__((export_name("main"))) int xent_wasm_main(int argc, char** argv) {
  return __main_argc_argv(argc, argv);
}
