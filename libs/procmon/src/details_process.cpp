// Process-class details: process create/start/exit, threads, image loads.
#include "details.hpp"
#include "text_format.hpp"
#include "utf16.hpp"

namespace traceshark::procmon::detail {

namespace {

void created(DetailContext& c)
{
    c.event.created_process = c.in.u32("created process index");
    const uint32_t pid = c.in.u32("created process id");
    c.in.skip(0x24, "process create");
    const uint8_t skip1 = c.in.u8("process create");
    const uint8_t skip2 = c.in.u8("process create");
    const uint16_t path = c.in.u16("image path info");
    const uint16_t command_line = c.in.u16("command line info");
    c.in.skip(2u + skip1 + skip2, "process create");
    c.event.path = c.read_string(path);
    c.add(DetailKey::Pid, std::to_string(pid), pid);
    c.add(DetailKey::CommandLine, c.read_string(command_line));
}

void started(DetailContext& c)
{
    const uint32_t ppid = c.in.u32("parent process id");
    const uint16_t command_line = c.in.u16("command line info");
    const uint16_t directory = c.in.u16("current directory info");
    const uint32_t environment_chars = c.in.u32("environment size");
    c.add(DetailKey::ParentPid, std::to_string(ppid), ppid);
    c.add(DetailKey::CommandLine, c.read_string(command_line));
    c.add(DetailKey::CurrentDirectory, c.read_string(directory));
    // A multi-sz block; Procmon lists one variable per line, indented.
    const auto env = c.in.bytes(std::min<uint64_t>(uint64_t{environment_chars} * 2, c.in.remaining()), "environment");
    std::string text;
    size_t start = 0;
    for (size_t i = 0; i + 1 < env.size(); i += 2) {
        if (env[i] == 0 && env[i + 1] == 0) {
            if (i == start) break;  // the empty string that ends the block
            text += "\r\n\t";
            append_utf16(text, env.subspan(start, i - start));
            start = i + 2;
        }
    }
    c.add(DetailKey::Environment, std::move(text));
}

void exited(DetailContext& c)
{
    const auto status = static_cast<int32_t>(c.in.u32("exit status"));
    const uint64_t kernel = c.in.u64("kernel time");
    const uint64_t user = c.in.u64("user time");
    const uint64_t working_set = c.in.u64("working set");
    const uint64_t peak_working_set = c.in.u64("peak working set");
    const uint64_t private_bytes = c.in.u64("private bytes");
    const uint64_t peak_private_bytes = c.in.u64("peak private bytes");
    c.add(DetailKey::ExitStatus, std::to_string(status), status);
    c.add(DetailKey::UserTime, seconds_7(user) + " seconds", static_cast<int64_t>(user));
    c.add(DetailKey::KernelTime, seconds_7(kernel) + " seconds", static_cast<int64_t>(kernel));
    c.add(DetailKey::PrivateBytes, with_thousands(static_cast<int64_t>(private_bytes)),
          static_cast<int64_t>(private_bytes));
    c.add(DetailKey::PeakPrivateBytes, with_thousands(static_cast<int64_t>(peak_private_bytes)),
          static_cast<int64_t>(peak_private_bytes));
    c.add(DetailKey::WorkingSet, with_thousands(static_cast<int64_t>(working_set)), static_cast<int64_t>(working_set));
    c.add(DetailKey::PeakWorkingSet, with_thousands(static_cast<int64_t>(peak_working_set)),
          static_cast<int64_t>(peak_working_set));
}

}  // namespace

void decode_process_details(DetailContext& c)
{
    using enum ProcessOperation;
    switch (c.event.process_operation()) {
    case ProcessDefined:
    case ProcessCreate: created(c); break;
    case ProcessStart: started(c); break;
    case ProcessExit:
    case ProcessStatistics: exited(c); break;
    case ThreadCreate: {
        const uint32_t tid = c.in.u32("thread id");
        c.add(DetailKey::ThreadId, std::to_string(tid), tid);
        break;
    }
    case ThreadExit: {
        c.in.skip(4, "thread exit");
        const uint64_t kernel = c.in.u64("kernel time");
        const uint64_t user = c.in.u64("user time");
        c.add(DetailKey::ThreadId, std::to_string(c.event.tid), c.event.tid);
        c.add(DetailKey::UserTime, seconds_7(user), static_cast<int64_t>(user));
        c.add(DetailKey::KernelTime, seconds_7(kernel), static_cast<int64_t>(kernel));
        break;
    }
    case LoadImage: {
        const uint64_t base = c.in.pointer(c.pointer_size, "image base");
        const uint32_t size = c.in.u32("image size");
        const uint16_t path = c.in.u16("image path info");
        c.in.skip(2, "load image");
        c.event.path = c.read_string(path);
        c.add(DetailKey::ImageBase, hex(base), static_cast<int64_t>(base));
        c.add(DetailKey::ImageSize, hex(size), size);
        break;
    }
    default: break;
    }
}

}  // namespace traceshark::procmon::detail
