#include "ws_compat.h"

#include "capture_state.hpp"

#include <epan/packet.h>

#include <memory>

namespace traceshark::epan {

namespace {

std::unique_ptr<CaptureState> g_state;

void init_capture() { g_state = std::make_unique<CaptureState>(); }
void cleanup_capture() { g_state.reset(); }

}  // namespace

CaptureState* capture_state() { return g_state.get(); }

void capture_state_register()
{
    register_init_routine(init_capture);
    register_cleanup_routine(cleanup_capture);
}

}  // namespace traceshark::epan
