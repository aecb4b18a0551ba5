// Eight kv_node processes on 127.0.0.1, driven through their stdin and stdout:
//   - a write on one node is read on all;
//   - a node killed with SIGKILL right after an acknowledged write restarts from its file
//     with that write, while the others keep writing, and every node ends with the same
//     keys and values, nothing acknowledged lost;
//   - a node restarted without its file writes at once, under a fresh writer id, and
//     catches up;
//   - a malformed datagram is counted as rejected and changes nothing;
//   - quit and SIGTERM save a snapshot from which a node restarts alone.
// Usage: kv_cluster PATH_TO_KV_NODE. Ports are the kernel's choice (bind to port 0), so
// parallel runs do not clash. Every wait has a generous deadline; none decides a pass.
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/prctl.h> // PR_SET_PDEATHSIG
#endif

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <hearsay/transport/udp_endpoint.hpp>

namespace {

using clock_type = std::chrono::steady_clock;
using keys_map = std::map<std::string, std::string>;

int failures = 0;

#define EXPECT(condition, what)                                                                    \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            std::fprintf(stderr, "FAILED line %d: %s (%s)\n", __LINE__, #condition,                \
                         std::string(what).c_str());                                               \
            ++failures;                                                                            \
        }                                                                                          \
    } while (false)

std::string kv_node_path;
std::string data_dir;

// One kv_node child: its stdin to write commands to, its stdout to read answers from.
class node_process {
  public:
    node_process(int id, const std::string& bind, const std::string& join) {
        int in[2], out[2];
        if (::pipe(in) != 0 || ::pipe(out) != 0)
            std::abort();
        pid_ = ::fork();
        if (pid_ == 0) {
#if defined(__linux__)
            ::prctl(PR_SET_PDEATHSIG, SIGKILL); // no orphans if the driver dies
#endif
            ::dup2(in[0], 0);
            ::dup2(out[1], 1);
            ::close(in[1]);
            ::close(out[0]);
            const std::string id_text = std::to_string(id);
            const std::string data = data_dir + "/node" + id_text;
            std::vector<const char*> argv = {kv_node_path.c_str(),
                                             "--bind",
                                             bind.c_str(),
                                             "--id",
                                             id_text.c_str(),
                                             "--data",
                                             data.c_str(),
                                             "--interval-ms",
                                             "50"};
            if (!join.empty()) {
                argv.push_back("--join");
                argv.push_back(join.c_str());
            }
            argv.push_back(nullptr);
            ::execv(argv[0], const_cast<char* const*>(argv.data()));
            std::_Exit(127);
        }
        ::close(in[0]);
        ::close(out[1]);
        to_ = in[1];
        from_ = out[0];
        ::fcntl(to_, F_SETFD, FD_CLOEXEC);
        ::fcntl(from_, F_SETFD, FD_CLOEXEC);
        // "listening 127.0.0.1:PORT id N writer W keys K"
        std::istringstream first(line(std::chrono::seconds(20)));
        std::string word, id_word, id_value, writer_word, keys_word;
        first >> word >> endpoint_ >> id_word >> id_value >> writer_word >> writer_ >> keys_word >>
            keys_at_start_;
        EXPECT(word == "listening", "node " + std::to_string(id) + " did not start");
    }
    node_process(const node_process&) = delete;
    node_process& operator=(const node_process&) = delete;
    ~node_process() {
        if (pid_ > 0)
            signal_and_wait(SIGKILL);
        ::close(to_);
        ::close(from_);
    }

    const std::string& endpoint() const {
        return endpoint_;
    }
    std::size_t keys_at_start() const {
        return keys_at_start_;
    }
    const std::string& writer_id() const {
        return writer_;
    }

    // Returns the next line that is not a change notice ("~ ..."), or "" at the deadline.
    std::string line(clock_type::duration patience = std::chrono::seconds(10)) {
        const auto deadline = clock_type::now() + patience;
        for (;;) {
            for (std::size_t end; (end = pending_.find('\n')) != std::string::npos;) {
                std::string text = pending_.substr(0, end);
                pending_.erase(0, end + 1);
                if (text.rfind("~ ", 0) != 0)
                    return text;
            }
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now());
            pollfd fd{from_, POLLIN, 0};
            if (left.count() <= 0 || ::poll(&fd, 1, static_cast<int>(left.count())) <= 0)
                return "";
            char chunk[4096];
            const ssize_t got = ::read(from_, chunk, sizeof chunk);
            if (got <= 0)
                return "";
            pending_.append(chunk, static_cast<std::size_t>(got));
        }
    }

    // Sends one command and returns its first answer line.
    std::string ask(const std::string& command) {
        const std::string text = command + "\n";
        if (::write(to_, text.data(), text.size()) != static_cast<ssize_t>(text.size()))
            return "";
        return line();
    }

    keys_map keys() {
        keys_map out;
        std::istringstream header(ask("keys"));
        std::string word;
        std::size_t count = 0;
        header >> word >> count;
        for (std::size_t i = 0; i < count; ++i) {
            const std::string entry = line();
            const std::size_t eq = entry.find(" = ");
            if (entry.size() < 2 || eq == std::string::npos)
                break;
            out[entry.substr(2, eq - 2)] = entry.substr(eq + 3);
        }
        return out;
    }

    // Returns how many members are listed alive (the other lines say who).
    std::size_t alive_members() {
        std::istringstream header(ask("members"));
        std::string word;
        std::size_t count = 0, alive = 0;
        header >> word >> count;
        for (std::size_t i = 0; i < count; ++i)
            alive += line().find(" alive") != std::string::npos ? 1u : 0u;
        return alive;
    }

    // Returns the value of `name` in the stats line ("stats received=3 rejected=0 ...").
    unsigned long long stat(const std::string& name) {
        const std::string text = ask("stats");
        const std::size_t at = text.find(" " + name + "=");
        return at == std::string::npos
                   ? ~0ull
                   : std::strtoull(text.c_str() + at + name.size() + 2, nullptr, 10);
    }

    // Sends `sig` and returns the exit status (128 + signal when killed by one).
    int signal_and_wait(int sig) {
        ::kill(pid_, sig);
        return wait_exit();
    }
    int wait_exit() {
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }

  private:
    pid_t pid_ = -1;
    int to_ = -1, from_ = -1;
    std::string pending_, endpoint_;
    std::size_t keys_at_start_ = 0;
    std::string writer_;
};

// Asks until `check` holds or 30 s pass; returns whether it held.
template <class Check> bool eventually(Check check) {
    const auto deadline = clock_type::now() + std::chrono::seconds(30);
    while (clock_type::now() < deadline) {
        if (check())
            return true;
        ::usleep(50 * 1000);
    }
    return check();
}

void send_garbage(const std::string& to) {
    const auto endpoint = hearsay::udp_endpoint::parse(to);
    if (!endpoint)
        return;
    sockaddr_storage address{};
    const socklen_t size = endpoint->to_sockaddr(address);
    const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    const char garbage[] = "this is not a hearsay message";
    ::sendto(fd, garbage, sizeof garbage, 0, reinterpret_cast<const sockaddr*>(&address), size);
    ::close(fd);
}

std::string show(const keys_map& keys) {
    std::string out;
    for (const auto& [k, v] : keys)
        out += k + "=" + v + " ";
    return out;
}

void run_cluster() {
    constexpr int n = 8;
    std::vector<std::unique_ptr<node_process>> nodes;
    nodes.push_back(std::make_unique<node_process>(1, "127.0.0.1:0", ""));
    const std::string seed = nodes[0]->endpoint();
    for (int i = 1; i < n; ++i)
        nodes.push_back(std::make_unique<node_process>(i + 1, "127.0.0.1:0", seed));

    // A write on one node is read on all.
    EXPECT(nodes[3]->ask("set greeting hello") == "OK", "set on node 4");
    for (auto& node : nodes)
        EXPECT(eventually([&] { return node->ask("get greeting") == "greeting = hello"; }),
               node->endpoint());

    // Gossip brought every member to every node, from one seed each.
    for (auto& node : nodes)
        EXPECT(eventually([&] { return node->alive_members() == std::size_t{n - 1}; }),
               node->endpoint());

    // Node 6 acknowledges a write and is killed at once; the others keep writing.
    EXPECT(nodes[5]->ask("set from6 before-kill") == "OK", "set on node 6");
    const std::string address6 = nodes[5]->endpoint();
    EXPECT(nodes[5]->signal_and_wait(SIGKILL) == 128 + SIGKILL, "SIGKILL node 6");
    keys_map expected = {{"greeting", "hello"}, {"from6", "before-kill"}};
    for (int i = 0; i < 10; ++i) {
        const std::string key = "k" + std::to_string(i), value = "v" + std::to_string(i);
        auto& writer = nodes[static_cast<std::size_t>(i % 5)];
        EXPECT(writer->ask("set " + key + " " + value) == "OK", key);
        expected[key] = value;
    }
    EXPECT(nodes[0]->ask("set k0 v0-again") == "OK", "overwrite k0");
    expected["k0"] = "v0-again";
    EXPECT(nodes[1]->ask("del k1") == "OK", "del k1");
    expected.erase("k1");

    // Node 6 restarts from its file, on its port: its own write is there before any gossip.
    nodes[5] = std::make_unique<node_process>(6, address6, seed);
    EXPECT(nodes[5]->keys_at_start() >= 2, "node 6 loaded its file");
    EXPECT(nodes[5]->ask("get from6") == "from6 = before-kill", "node 6 kept its write");
    EXPECT(nodes[5]->ask("set from6 after-restart") == "OK", "write after restart");
    expected["from6"] = "after-restart";
    EXPECT(nodes[6]->ask("set k7 v7-again") == "OK", "overwrite k7");
    expected["k7"] = "v7-again";

    // Node 8 loses its file and restarts empty under its member id: it writes at once, under
    // a fresh writer id, and gets the rest back from its peers.
    const std::string address8 = nodes[7]->endpoint(), writer8 = nodes[7]->writer_id();
    EXPECT(nodes[7]->signal_and_wait(SIGKILL) == 128 + SIGKILL, "SIGKILL node 8");
    for (const char* file : {"/node8", "/node8.log"})
        ::unlink((data_dir + file).c_str());
    nodes[7] = std::make_unique<node_process>(8, address8, seed);
    EXPECT(nodes[7]->keys_at_start() == 0, "node 8 starts empty");
    EXPECT(nodes[7]->writer_id() != writer8, "node 8 writes under a fresh writer id");
    EXPECT(nodes[7]->ask("set from8 fresh-start") == "OK", "write on an empty restart");
    expected["from8"] = "fresh-start";

    for (auto& node : nodes) {
        keys_map seen;
        EXPECT(eventually([&] { return (seen = node->keys()) == expected; }),
               node->endpoint() + " holds " + show(seen) + " instead of " + show(expected));
    }

    // A malformed datagram is counted and changes nothing.
    const unsigned long long rejected = nodes[2]->stat("rejected");
    EXPECT(rejected != ~0ull, "stats line");
    send_garbage(nodes[2]->endpoint());
    EXPECT(eventually([&] { return nodes[2]->stat("rejected") > rejected; }), "garbage counted");
    EXPECT(nodes[2]->keys() == expected, "garbage changed nothing");

    // quit and SIGTERM save a snapshot: each restarts alone with every key.
    EXPECT(nodes[0]->ask("quit") == "saved", "quit node 1");
    EXPECT(nodes[0]->wait_exit() == 0, "node 1 exit status");
    EXPECT(nodes[1]->signal_and_wait(SIGTERM) == 0, "SIGTERM node 2");
    EXPECT(nodes[1]->line() == "saved", "node 2 saved");
    nodes.clear();
    for (int id : {1, 2}) {
        node_process alone(id, "127.0.0.1:0", "");
        EXPECT(alone.keys() == expected, "node " + std::to_string(id) + " from its snapshot");
        EXPECT(alone.ask("quit") == "saved", "quit");
    }
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: kv_cluster PATH_TO_KV_NODE\n");
        return 2;
    }
    kv_node_path = argv[1];
    ::signal(SIGPIPE, SIG_IGN); // a dead node's stdin is an error to see, not a crash
    char dir[] = "/tmp/hearsay_kv_cluster_XXXXXX";
    if (::mkdtemp(dir) == nullptr)
        return std::perror("mkdtemp"), 2;
    data_dir = dir;
    run_cluster();
    const std::string cleanup = "rm -rf '" + data_dir + "'";
    if (std::system(cleanup.c_str()) != 0)
        std::fprintf(stderr, "could not remove %s\n", dir);
    std::printf("kv_cluster: %d failures\n", failures);
    return failures == 0 ? 0 : 1;
}
