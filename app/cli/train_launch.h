#pragma once
// `sam3studio-cli train --gpus N`: the launcher process. It starts N copies of this executable
// with its own arguments and torchrun's environment (RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR =
// 127.0.0.1, MASTER_PORT = a free port), each of which then trains as that rank (cuda:LOCAL_RANK,
// or Gloo on the CPU with --device cpu), and waits for them. When one fails, the others are
// stopped (SIGTERM, SIGKILL after 5 s) and the report names the rank that failed and how. SIGINT
// and SIGTERM sent to the launcher alone are passed on to the ranks. Linux only (fork, exec of
// /proc/self/exe, PR_SET_PDEATHSIG so that ranks never outlive the launcher).
#include <string>
#include <vector>

namespace sam3::cli {

// Exit status of a rank that failed because a peer failed (DistributedError): the launcher blames
// another rank first.
inline constexpr int kPeerFailedExit = 3;

// From now on SIGINT and SIGTERM are recorded for launch_ranks() to pass on to the ranks once they
// exist (a Ctrl-C or the app's cancel while the config loads is not lost and kills nothing).
void forward_signals_to_ranks();
// Blocks or unblocks SIGINT for the calling thread (a rank unblocks it once its handler is set).
void set_sigint_blocked(bool blocked);

// Starts `world` ranks running `args` (argv[0] excluded; `extra` appended) and waits. Returns the
// launcher's exit status: 0 when every rank exited 0, else 1 (the reason on stderr).
int launch_ranks(int world, const std::vector<std::string>& extra);

// This process's arguments without argv[0] (from /proc/self/cmdline).
std::vector<std::string> own_arguments();

}  // namespace sam3::cli
