// train --gpus N: the launcher of the ranks (train_launch.h). Registers no subcommand.
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <thread>

#include "app/cli/train_launch.h"
#include "core/train/distributed.h"
#include "core/util/errors.h"

namespace sam3::cli {
namespace {

std::atomic<int> g_forward_signal{0};
extern "C" void on_launcher_signal(int sig) {
  g_forward_signal = sig;
}

std::string describe(int status) {
  if (WIFEXITED(status)) {
    const int code = WEXITSTATUS(status);
    if (code == kPeerFailedExit) return "exited with status 3 (a peer rank failed)";
    return "exited with status " + std::to_string(code);
  }
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    return "was killed by signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
  }
  return "stopped (status " + std::to_string(status) + ")";
}

struct Rank {
  pid_t pid = -1;
  bool running = false;
  bool stopped_by_us = false;
  int status = 0;
};

}  // namespace

std::vector<std::string> own_arguments() {
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  const std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::string> args;
  std::string current;
  for (char c : all) {
    if (c == '\0') {
      args.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  if (!args.empty()) args.erase(args.begin());
  return args;
}

void forward_signals_to_ranks() {
  struct sigaction forward {};
  forward.sa_handler = on_launcher_signal;
  sigemptyset(&forward.sa_mask);
  ::sigaction(SIGINT, &forward, nullptr);
  ::sigaction(SIGTERM, &forward, nullptr);
}

void set_sigint_blocked(bool blocked) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  ::pthread_sigmask(blocked ? SIG_BLOCK : SIG_UNBLOCK, &set, nullptr);
}

int launch_ranks(int world, const std::vector<std::string>& extra) {
  std::vector<std::string> args = own_arguments();
  args.insert(args.end(), extra.begin(), extra.end());
  const int port = sam3::train::free_loopback_port();
  std::fprintf(stderr, "train: starting %d ranks (MASTER_ADDR=127.0.0.1 MASTER_PORT=%d)\n", world,
               port);
  std::vector<Rank> ranks(static_cast<std::size_t>(world));
  struct sigaction forward {};
  forward.sa_handler = on_launcher_signal;
  sigemptyset(&forward.sa_mask);
  struct sigaction old_int {
  }, old_term{};
  ::sigaction(SIGINT, &forward, &old_int);
  ::sigaction(SIGTERM, &forward, &old_term);
  const pid_t launcher = ::getpid();
  // The ranks start with SIGINT blocked: one passed on before a rank has its handler stays
  // pending until the rank unblocks it (after its rendezvous), so an early cancel is not lost and
  // does not kill the rank.
  set_sigint_blocked(true);
  // The ranks share this machine's cores (as torchrun does with OMP_NUM_THREADS): each gets its
  // share of intra-op threads unless the user set OMP_NUM_THREADS.
  const bool threads_set = std::getenv("OMP_NUM_THREADS") != nullptr;
  const std::string threads = std::to_string(
      std::max(1u, std::thread::hardware_concurrency() / static_cast<unsigned>(world)));
  if (!threads_set)
    std::fprintf(stderr, "train: %s CPU threads per rank (set OMP_NUM_THREADS to change)\n",
                 threads.c_str());
  for (int r = 0; r < world; ++r) {
    const pid_t pid = ::fork();
    if (pid < 0) throw IoError("fork", std::strerror(errno));
    if (pid == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != launcher) ::_exit(1);  // the launcher died before prctl
      ::signal(SIGINT, SIG_DFL);
      ::signal(SIGTERM, SIG_DFL);
      ::setenv("RANK", std::to_string(r).c_str(), 1);
      ::setenv("LOCAL_RANK", std::to_string(r).c_str(), 1);
      ::setenv("WORLD_SIZE", std::to_string(world).c_str(), 1);
      ::setenv("LOCAL_WORLD_SIZE", std::to_string(world).c_str(), 1);
      ::setenv("MASTER_ADDR", "127.0.0.1", 1);
      ::setenv("MASTER_PORT", std::to_string(port).c_str(), 1);
      if (!threads_set) ::setenv("OMP_NUM_THREADS", threads.c_str(), 1);
      std::vector<char*> argv;
      std::string self = "sam3studio-cli";
      argv.push_back(self.data());
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv("/proc/self/exe", argv.data());
      std::fprintf(stderr, "rank %d: cannot start %s: %s\n", r, "/proc/self/exe",
                   std::strerror(errno));
      ::_exit(127);
    }
    ranks[static_cast<std::size_t>(r)] = {pid, true, false, 0};
    std::fprintf(stderr, "train: rank %d pid %d\n", r, static_cast<int>(pid));
  }
  set_sigint_blocked(false);

  using Clock = std::chrono::steady_clock;
  int running = world;
  int first_failed = -1;
  // Set when a rank failed: the others are killed if they are still running at that time.
  Clock::time_point kill_at{};
  bool kill_pending = false;
  auto stop_others = [&](int sig) {
    for (auto& rk : ranks)
      if (rk.running) {
        rk.stopped_by_us = true;
        ::kill(rk.pid, sig);
      }
  };
  while (running > 0) {
    if (const int sig = g_forward_signal.exchange(0); sig != 0) {
      for (auto& rk : ranks)
        if (rk.running) ::kill(rk.pid, sig);
    }
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, WNOHANG);
    if (pid > 0) {
      for (std::size_t r = 0; r < ranks.size(); ++r) {
        if (ranks[r].pid != pid) continue;
        ranks[r].running = false;
        ranks[r].status = status;
        --running;
        const bool failed = !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        if (failed && !ranks[r].stopped_by_us) {
          std::fprintf(stderr, "train: rank %zu (pid %d) %s\n", r, static_cast<int>(pid),
                       describe(status).c_str());
          if (first_failed < 0) {
            first_failed = static_cast<int>(r);
            stop_others(SIGTERM);
            kill_at = Clock::now() + std::chrono::seconds(5);
            kill_pending = true;
          }
        }
      }
      continue;
    }
    if (kill_pending && Clock::now() > kill_at) {
      stop_others(SIGKILL);
      kill_pending = false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::sigaction(SIGINT, &old_int, nullptr);
  ::sigaction(SIGTERM, &old_term, nullptr);
  if (first_failed < 0) return 0;
  // Blame the rank that failed on its own over one that only saw its peer go.
  int blamed = first_failed;
  for (std::size_t r = 0; r < ranks.size(); ++r) {
    const int s = ranks[r].status;
    const bool own_failure =
        !ranks[r].stopped_by_us &&
        !(WIFEXITED(s) && (WEXITSTATUS(s) == 0 || WEXITSTATUS(s) == kPeerFailedExit));
    if (own_failure) {
      blamed = static_cast<int>(r);
      break;
    }
  }
  std::ostringstream others;
  for (std::size_t r = 0; r < ranks.size(); ++r)
    if (static_cast<int>(r) != blamed)
      others << (others.tellp() > 0 ? ", " : "") << "rank " << r << ' '
             << (ranks[r].stopped_by_us ? "stopped by the launcher" : describe(ranks[r].status));
  std::fprintf(stderr, "error: train --gpus %d failed: rank %d (pid %d) %s; %s\n", world, blamed,
               static_cast<int>(ranks[static_cast<std::size_t>(blamed)].pid),
               describe(ranks[static_cast<std::size_t>(blamed)].status).c_str(),
               others.str().c_str());
  return 1;
}

}  // namespace sam3::cli
