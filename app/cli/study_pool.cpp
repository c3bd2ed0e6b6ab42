#include "app/cli/study_pool.h"

#include "app/cli/cli_common.h"
#include "model/core/file_io.h"
#include "model/export/tensorboard_log.h"
#include "model/study/study_report.h"
#include "model/training/run_directory.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace csae::cli {
namespace {

using Clock = std::chrono::steady_clock;

std::atomic<bool> g_stop_requested{false};

extern "C" void on_stop_signal(int)
{
    g_stop_requested.store(true);
}

struct Child {
    pid_t pid = -1;
    StudyRun run;
    std::unique_ptr<StudyRunLock> lock;
    Clock::time_point started;
};

/// Forks and executes `arguments` with `environment`; the child's stdout and stderr go to
/// `log_descriptor`, the lock descriptor becomes its fd 3, every other descriptor is closed.
pid_t spawn(const std::vector<std::string>& arguments, const std::vector<std::string>& environment, int log_descriptor,
            int lock_descriptor)
{
    // Everything the child needs is built before fork: after it only async-signal-safe calls.
    std::vector<char*> argv, envp;
    for (const auto& argument : arguments)
        argv.push_back(const_cast<char*>(argument.c_str()));
    argv.push_back(nullptr);
    for (const auto& variable : environment)
        envp.push_back(const_cast<char*>(variable.c_str()));
    envp.push_back(nullptr);
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid != 0)
        return pid;
    // Its own process group: a Ctrl-C at the terminal reaches only the study, which forwards it
    // once. SIGTERM when the study dies (even by kill -9): the run checkpoints and stops.
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent)
        ::_exit(kInterrupted);
    const int null_input = ::open("/dev/null", O_RDONLY);
    ::dup2(null_input, STDIN_FILENO);
    ::dup2(log_descriptor, STDOUT_FILENO);
    ::dup2(log_descriptor, STDERR_FILENO);
    if (lock_descriptor == 3)
        ::fcntl(3, F_SETFD, 0);
    else
        ::dup2(lock_descriptor, 3);
    ::close_range(4, ~0U, 0);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
}

std::string last_line(const std::filesystem::path& file)
{
    std::ifstream stream(file, std::ios::binary);
    stream.seekg(0, std::ios::end);
    const auto size = static_cast<std::int64_t>(stream.tellg());
    stream.seekg(std::max<std::int64_t>(0, size - 4096));
    std::string line, last;
    while (std::getline(stream, line))
        if (line.find_first_not_of(" \r\t") != std::string::npos)
            last = line;
    return last;
}

std::string timestamp()
{
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    std::ostringstream text;
    text << std::put_time(&local, "%H:%M:%S");
    return text.str();
}

class StudyPool {
public:
    StudyPool(const StudySpec& spec, const StudyPoolOptions& options) : spec_(spec), options_(options) {}

    int run()
    {
        for (const auto& run : options_.runs) {
            const auto status = inspect_run(options_.study_dir, run);
            if (status.state == StudyRunState::Done)
                continue;
            if (status.state == StudyRunState::Failed && !options_.retry_failed) {
                ++skipped_failed_;
                continue;
            }
            queue_.push_back(run);
        }
        total_ = queue_.size();
        struct sigaction action {};
        action.sa_handler = on_stop_signal;
        sigemptyset(&action.sa_mask);
        ::sigaction(SIGINT, &action, nullptr);
        ::sigaction(SIGTERM, &action, nullptr);
        print_progress();
        auto last_report = Clock::now();
        bool forwarded = false;
        while (!queue_.empty() || !children_.empty() || !held_elsewhere_.empty()) {
            if (g_stop_requested.load()) {
                if (!forwarded) {
                    say("interrupted: asking " + std::to_string(children_.size()) +
                        " run(s) to checkpoint and stop; run the same command again to resume");
                    for (const auto& child : children_)
                        ::kill(child.pid, SIGINT);
                    forwarded = true;
                }
                queue_.clear();
                held_elsewhere_.clear();
            }
            while (!g_stop_requested.load() && children_.size() < options_.jobs && !queue_.empty())
                launch_next();
            if (reap() == 0) {
                if (children_.empty() && queue_.empty() && !held_elsewhere_.empty()) {
                    say("waiting for " + std::to_string(held_elsewhere_.size()) +
                        " run(s) that another process is training");
                    std::this_thread::sleep_for(std::chrono::seconds(2));
                    queue_.insert(queue_.end(), held_elsewhere_.begin(), held_elsewhere_.end());
                    held_elsewhere_.clear();
                } else {
                    std::this_thread::sleep_for(std::chrono::milliseconds(200));
                }
            }
            if (Clock::now() - last_report > std::chrono::seconds(60)) {
                print_progress();
                last_report = Clock::now();
            }
        }
        if (g_stop_requested.load())
            return kInterrupted;
        if (skipped_failed_ > 0)
            say(std::to_string(skipped_failed_) + " failed run(s) were not retried (--retry-failed retries them)");
        return failed_ > 0 || skipped_failed_ > 0 ? kFailed : kDone;
    }

private:
    void say(const std::string& text) { std::cout << '[' << timestamp() << "] " << text << std::endl; }

    void launch_next()
    {
        const StudyRun run = queue_.front();
        queue_.pop_front();
        auto lock = std::make_unique<StudyRunLock>(options_.study_dir, run);
        if (!lock->holds()) {
            held_elsewhere_.push_back(run);
            return;
        }
        // Claimed: look again, since another process may have finished it meanwhile.
        const auto dir = study_run_path(options_.study_dir, run);
        if (std::filesystem::exists(dir / kStudyOutcomeFileName)) {
            if (inspect_outcome(dir) == "done")
                return;
            std::filesystem::remove(dir / kStudyOutcomeFileName);
        }
        std::vector<std::string> arguments{options_.csae_binary, "train"};
        std::string how;
        if (std::filesystem::exists(dir / kCheckpointFileName)) {
            arguments.insert(arguments.end(), {"--resume", dir.string()});
            how = "resumed from its checkpoint";
        } else {
            const Config config = spec_.config_for(run);
            config.save(dir / kConfigFileName);
            if (config.train.tensorboard)
                write_study_run_hparams(dir, spec_, run);
            arguments.insert(arguments.end(), {"--config", (dir / kConfigFileName).string(), "--out", dir.string()});
            how = "started";
        }
        std::vector<std::string> environment;
        for (char** variable = environ; *variable; ++variable)
            if (!std::string(*variable).starts_with("OMP_NUM_THREADS="))
                environment.emplace_back(*variable);
        environment.push_back("OMP_NUM_THREADS=" + std::to_string(options_.threads_per_job));

        const int log = ::open((dir / kStudyLogFileName).c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (log < 0)
            throw CheckpointError((dir / kStudyLogFileName).string() + ": cannot open for appending");
        std::string header = "== " + timestamp() + " csae study: " + how + "\n";
        [[maybe_unused]] const auto written = ::write(log, header.data(), header.size());
        const pid_t pid = spawn(arguments, environment, log, lock->descriptor());
        ::close(log);
        if (pid < 0)
            throw std::runtime_error("cannot start a worker process for " + run.id);
        say(run.id + ": " + how);
        children_.push_back(Child{pid, run, std::move(lock), Clock::now()});
    }

    static std::string inspect_outcome(const std::filesystem::path& dir)
    {
        std::ifstream stream(dir / kStudyOutcomeFileName);
        const auto outcome = nlohmann::json::parse(stream, nullptr, false);
        return outcome.is_object() ? outcome.value("state", "") : "";
    }

    /// Collects finished children; returns how many.
    int reap()
    {
        int reaped = 0;
        int status = 0;
        pid_t pid;
        while ((pid = ::waitpid(-1, &status, WNOHANG)) > 0) {
            const auto child =
                std::find_if(children_.begin(), children_.end(), [&](const Child& c) { return c.pid == pid; });
            if (child == children_.end())
                continue;
            ++reaped;
            const double seconds = std::chrono::duration<double>(Clock::now() - child->started).count();
            const auto dir = study_run_path(options_.study_dir, child->run);
            const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            if (code == kDone) {
                write_run_outcome(options_.study_dir, child->run, StudyRunState::Done, 0, "");
                ++finished_;
                finished_seconds_ += seconds;
                const auto done = inspect_run(options_.study_dir, child->run);
                std::string metric;
                if (const auto value = final_metric(done, spec_.metric()))
                    metric = ", test " + study_metric_name(spec_.metric()) + " " + std::to_string(*value);
                say(child->run.id + ": done in " + format_duration(seconds) + metric);
            } else if (code == kInterrupted || (g_stop_requested.load() && code == -1)) {
                say(child->run.id + ": stopped; it resumes from its checkpoint next time");
            } else {
                const std::string reason = (code >= 0 ? "exit status " + std::to_string(code)
                                                      : "killed by signal " + std::to_string(WTERMSIG(status))) +
                                           ": " + last_line(dir / kStudyLogFileName);
                write_run_outcome(options_.study_dir, child->run, StudyRunState::Failed, code, reason);
                ++failed_;
                say(child->run.id + ": FAILED (" + reason + "); log: " + (dir / kStudyLogFileName).string());
            }
            children_.erase(child); // releases this process's copy of the lock
            print_progress();
        }
        return reaped;
    }

    void print_progress()
    {
        std::size_t counts[5] = {};
        for (const auto& status : inspect_study(options_.study_dir, spec_))
            ++counts[static_cast<int>(status.state)];
        const std::size_t done = counts[static_cast<int>(StudyRunState::Done)];
        const std::size_t running = counts[static_cast<int>(StudyRunState::Running)];
        const std::size_t failed = counts[static_cast<int>(StudyRunState::Failed)];
        const std::size_t left = spec_.runs().size() - done - running - failed;
        std::ostringstream line;
        line << "study " << spec_.name() << ": " << done << '/' << spec_.runs().size() << " done, " << running
             << " running, " << left << " left";
        if (failed > 0)
            line << ", " << failed << " failed";
        const std::size_t mine_left = queue_.size() + held_elsewhere_.size() + children_.size();
        if (finished_ > 0 && mine_left > 0) {
            const double per_run = finished_seconds_ / static_cast<double>(finished_);
            line << "; ETA of this process's share "
                 << format_duration(per_run * static_cast<double>(mine_left) / static_cast<double>(options_.jobs));
        }
        say(line.str());
    }

    const StudySpec& spec_;
    const StudyPoolOptions& options_;
    std::deque<StudyRun> queue_;
    std::vector<StudyRun> held_elsewhere_;
    std::vector<Child> children_;
    std::size_t total_ = 0, finished_ = 0, failed_ = 0, skipped_failed_ = 0;
    double finished_seconds_ = 0.0;
};

} // namespace

std::size_t usable_cores()
{
    std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
    cpu_set_t set;
    CPU_ZERO(&set);
    if (::sched_getaffinity(0, sizeof(set), &set) == 0)
        cores = static_cast<std::size_t>(std::max(1, CPU_COUNT(&set)));
    // Under Slurm the allocation is what this task may use, whether or not it is bound to cores.
    if (const char* allocated = std::getenv("SLURM_CPUS_PER_TASK"); allocated && std::atoi(allocated) > 0)
        cores = std::min(cores, static_cast<std::size_t>(std::atoi(allocated)));
    return cores;
}

int run_study_pool(const StudySpec& spec, const StudyPoolOptions& options)
{
    StudyPool pool(spec, options);
    return pool.run();
}

} // namespace csae::cli
