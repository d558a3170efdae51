#include "parallel_report.hpp"

#include <traceevent/event-parse.h>

#include <algorithm>
#include <condition_variable>
#include <filesystem>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_set>

#include "report_lines.hpp"
#include "traceshark/tracecmd/event_reader.hpp"
#include "traceshark/tracecmd/report_formatter.hpp"

namespace traceshark::dump {

using namespace traceshark::tracecmd;

namespace {

// Records per batch; TRACESHARK_REPORT_BATCH overrides it (tests use tiny batches to cross many boundaries).
size_t batch_records()
{
    const char* env = std::getenv("TRACESHARK_REPORT_BATCH");
    const long n = env ? std::strtol(env, nullptr, 10) : 0;
    return n > 0 ? static_cast<size_t>(n) : 4096;
}
constexpr size_t kBatchesInFlightPerWorker = 4;

struct CommName {
    int pid;
    std::string comm;
};

struct Batch {
    std::vector<Record> records;     // data pointers are fixed up into `arena` before dispatch
    std::vector<size_t> offsets;     // of each record's data in `arena`
    std::vector<uint8_t> arena;
    size_t names_before = 0;         // how many names had been learned when the batch began
    std::vector<CommName> learned;   // names learned before this batch that the worker has not been given yet
    std::string text;
    bool done = false;
};

// The command names the sched plugin (libtraceevent plugin_sched_switch) registers when it prints these events.
class CommTracker {
public:
    explicit CommTracker(TraceFile& file)
    {
        EventFormats& f = file.formats();
        switch_ = f.find("sched", "sched_switch");
        wakeup_ = f.find("sched", "sched_wakeup");
        wakeup_new_ = f.find("sched", "sched_wakeup_new");
    }

    void observe(const Record& rec, int id)
    {
        if (switch_ && id == switch_->id) {
            if (!learn(rec, switch_, "prev_pid", "prev_comm")) return;
            learn(rec, switch_, "next_pid", "next_comm");
        } else if (wakeup_ && id == wakeup_->id) {
            learn(rec, wakeup_, "pid", "comm");
        } else if (wakeup_new_ && id == wakeup_new_->id) {
            learn(rec, wakeup_new_, "pid", "comm");
        }
    }
    const std::vector<CommName>& learned() const { return learned_; }

private:
    // Mirrors the plugin: no pid field stops it; the comm is the field's bytes up to a NUL.
    bool learn(const Record& rec, tep_event* ev, const char* pid_field, const char* comm_field)
    {
        tep_format_field* pf = tep_find_any_field(ev, pid_field);
        if (!pf || pf->offset + pf->size > static_cast<int>(rec.size)) return false;
        unsigned long long pid;
        if (tep_read_number_field(pf, rec.data, &pid)) return false;
        tep_format_field* cf = tep_find_any_field(ev, comm_field);
        if (!cf || cf->offset + cf->size > static_cast<int>(rec.size)) return true;
        const auto ipid = static_cast<int>(pid);
        if (!seen_.insert(ipid).second) return true;  // the first name registered for a pid stays
        const char* comm = reinterpret_cast<const char*>(rec.data) + cf->offset;
        learned_.push_back({ipid, std::string(comm, strnlen(comm, static_cast<size_t>(cf->size)))});
        return true;
    }

    tep_event* switch_ = nullptr;
    tep_event* wakeup_ = nullptr;
    tep_event* wakeup_new_ = nullptr;
    std::unordered_set<int> seen_;
    std::vector<CommName> learned_;
};

void teach(TraceFile& file, const CommName* first, const CommName* last)
{
    tep_handle* tep = file.formats().tep();
    tep_data_comm_from_pid(tep, 1);  // builds libtraceevent's sorted table, as the first printed line does
    for (; first != last; ++first) tep_register_comm(tep, first->comm.c_str(), first->pid);
}

class Worker {
public:
    Worker(const std::string& path, std::mutex& m, std::condition_variable& done_cv)
        : path_(path), m_(m), done_cv_(done_cv), thread_([this] { run(); })
    {
    }
    ~Worker()
    {
        {
            std::lock_guard lock(m_);
            stop_ = true;
        }
        cv_.notify_one();
        thread_.join();
    }
    void give(Batch* b)  // with m_ held
    {
        queue_.push_back(b);
        cv_.notify_one();
    }
    size_t taught = 0;  // how many learned names this worker has been given
    std::string error;  // set if its own copy of the file could not be opened

private:
    void run()
    {
        std::unique_ptr<TraceFile> file;
        std::unique_ptr<ReportFormatter> fmt;
        try {
            file = TraceFile::open(path_);
            fmt = std::make_unique<ReportFormatter>(*file);
        } catch (const std::exception& e) {
            std::lock_guard lock(m_);
            error = e.what();
        }
        std::vector<std::string> prefixes = buffer_prefixes(file ? file->buffers() : std::vector<Buffer>{});
        for (;;) {
            Batch* b;
            {
                std::unique_lock lock(m_);
                cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
                if (queue_.empty()) return;
                b = queue_.front();
                queue_.pop_front();
            }
            if (fmt) {
                teach(*file, b->learned.data(), b->learned.data() + b->learned.size());
                for (const Record& rec : b->records) {
                    fmt->append_line(rec, prefixes[rec.buffer], b->text);
                    b->text += '\n';
                }
            }
            {
                std::lock_guard lock(m_);
                b->done = true;
            }
            done_cv_.notify_all();
        }
    }

    std::string path_;
    std::mutex& m_;
    std::condition_variable& done_cv_;
    std::condition_variable cv_;
    std::deque<Batch*> queue_;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace

unsigned report_jobs(const TraceFile& file)
{
    // A worker pays off from about this much event data per thread (measured with bench/run-bench.sh (b)).
    constexpr uintmax_t kBytesPerWorker = uintmax_t{256} << 20;
    std::error_code ec;
    const uintmax_t bytes = std::filesystem::file_size(file.path(), ec);
    if (ec) return 1;
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    double load = 0;
    unsigned idle = cores;
    if (getloadavg(&load, 1) == 1) idle = load >= cores ? 0u : static_cast<unsigned>(cores - load);
    const auto by_size = static_cast<unsigned>(std::min<uintmax_t>(bytes / kBytesPerWorker, 256));
    const unsigned workers = std::min({by_size, idle, cores});
    return workers >= 2 ? workers : 1;
}

size_t print_report_parallel(TraceFile& file, const ReportOptions& options, unsigned workers, std::FILE* out, std::FILE* err)
{
    if (print_report_header(file, out)) return 0;
    const std::vector<std::string> prefixes = buffer_prefixes(file.buffers());

    // Events rendered from their neighbours: from the first of these on, one thread does the rest.
    std::unordered_set<int> sequential_ids;
    for (const char* name : {"function", "funcgraph_entry", "funcgraph_exit"})
        if (tep_event* ev = file.formats().find("ftrace", name)) sequential_ids.insert(ev->id);

    EventReader reader(file, ReadOptions{options.buffers, options.cpu});
    CommTracker comms(file);
    DamagePrinter damage(file, reader, err);

    std::mutex m;
    std::condition_variable done_cv;
    std::vector<std::unique_ptr<Worker>> pool;
    for (unsigned i = 0; i < workers; ++i) pool.push_back(std::make_unique<Worker>(file.path(), m, done_cv));
    std::deque<std::unique_ptr<Batch>> in_flight;
    size_t next_worker = 0;

    auto write_finished = [&](bool all) {
        std::unique_lock lock(m);
        while (!in_flight.empty()) {
            const size_t limit = all ? 0 : kBatchesInFlightPerWorker * pool.size();
            if (in_flight.size() <= limit && !in_flight.front()->done) break;
            done_cv.wait(lock, [&] { return in_flight.front()->done; });
            std::unique_ptr<Batch> b = std::move(in_flight.front());
            in_flight.pop_front();
            lock.unlock();
            std::fwrite(b->text.data(), 1, b->text.size(), out);
            lock.lock();
        }
    };
    auto dispatch = [&](std::unique_ptr<Batch> b) {
        for (size_t i = 0; i < b->records.size(); ++i) b->records[i].data = b->arena.data() + b->offsets[i];
        Worker& w = *pool[next_worker];
        next_worker = (next_worker + 1) % pool.size();
        const auto& learned = comms.learned();
        b->learned.assign(learned.begin() + static_cast<std::ptrdiff_t>(w.taught),
                          learned.begin() + static_cast<std::ptrdiff_t>(b->names_before));
        w.taught = b->names_before;
        {
            std::lock_guard lock(m);
            w.give(b.get());
            in_flight.push_back(std::move(b));
        }
        write_finished(false);
    };

    const size_t batch_size = batch_records();
    auto batch = std::make_unique<Batch>();
    const Record* rec = nullptr;
    while ((rec = reader.next())) {
        const int id = file.event_id(*rec);
        if (sequential_ids.count(id)) break;
        if (batch->records.empty()) batch->names_before = comms.learned().size();
        batch->offsets.push_back(batch->arena.size());
        batch->arena.insert(batch->arena.end(), rec->data, rec->data + rec->size);
        batch->records.push_back(*rec);
        comms.observe(*rec, id);
        if (batch->records.size() == batch_size) {
            dispatch(std::move(batch));
            batch = std::make_unique<Batch>();
        }
        damage.flush();
    }
    if (!batch->records.empty()) dispatch(std::move(batch));
    write_finished(true);
    std::string worker_error;
    for (auto& w : pool) worker_error = w->error.empty() ? worker_error : w->error;
    pool.clear();
    if (!worker_error.empty()) throw std::runtime_error("a report worker could not read the file: " + worker_error);

    if (rec) {  // the rest in this thread, knowing every name learned so far
        ReportFormatter formatter(file);  // only now: its symbols and formats cost memory the workers already use
        teach(file, comms.learned().data(), comms.learned().data() + comms.learned().size());
        print_lines(formatter, reader, rec, prefixes, out, damage);
    }
    return damage.flush();
}

}  // namespace traceshark::dump
