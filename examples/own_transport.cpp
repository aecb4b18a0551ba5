// Your own transport: three replicas of a counter over real UDP sockets on
// 127.0.0.1, driven by one poll(2) loop. A Transport needs an address type and
// send(); the loop hands received datagrams to receive() and sleeps until the
// earliest deadline that poll() returns.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <vector>

#include <hearsay/gossip/engine.hpp>
#include <hearsay/hearsay.hpp>

// Addresses are UDP ports on the loopback interface: integers, so they have a codec.
struct loopback_transport {
    using address_type = std::uint16_t;
    int socket_fd = -1;

    void send(const address_type& port, hearsay::bytes_view bytes) {
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(port);
        to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::sendto(socket_fd, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&to),
                 sizeof to);
    }
    std::size_t max_payload() const { return 1400; }
};

using counter = hearsay::g_counter<>;
using engine = hearsay::gossip_engine<counter, loopback_transport>;

static std::uint16_t open_socket(int& fd) {
    fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    sockaddr_in self{};
    self.sin_family = AF_INET;
    self.sin_addr.s_addr = htonl(INADDR_LOOPBACK); // port 0: the kernel picks a free one
    socklen_t size = sizeof self;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&self), size) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&self), &size) != 0)
        return 0;
    return ntohs(self.sin_port);
}

int main() {
    constexpr std::size_t n = 3;
    hearsay::steady_clock clock;
    std::vector<loopback_transport> transports(n);
    std::vector<std::uint16_t> ports(n);
    for (std::size_t i = 0; i < n; ++i)
        if ((ports[i] = open_socket(transports[i].socket_fd)) == 0)
            return std::perror("socket"), 1;
    auto config = hearsay::gossip_config::lan();
    config.interval = std::chrono::milliseconds(20);
    std::vector<engine> nodes;
    for (std::size_t i = 0; i < n; ++i) {
        config.seed = i;
        nodes.emplace_back(i + 1, transports[i], clock, config);
        nodes.back().add_peer(ports[(i + 1) % n]); // one seed each; gossip finds the rest
        nodes.back().update([&](counter& c, std::uint64_t self) { return c.increment(self, 10); });
    }
    const auto give_up = clock.now() + std::chrono::seconds(10);
    while (clock.now() < give_up) {
        auto deadline = give_up;
        for (auto& node : nodes)
            deadline = std::min(deadline, node.poll());
        bool agreed = true;
        for (auto& node : nodes)
            agreed = agreed && node.state().value() == 10 * n;
        if (agreed) {
            std::printf("all %zu replicas read %llu; node 1 sent %llu messages\n", n,
                        static_cast<unsigned long long>(nodes[0].state().value()),
                        static_cast<unsigned long long>(nodes[0].stats().messages_sent));
            return 0;
        }
        std::vector<pollfd> fds;
        for (auto& t : transports)
            fds.push_back({t.socket_fd, POLLIN, 0});
        const auto wait = std::chrono::ceil<std::chrono::milliseconds>(deadline - clock.now());
        ::poll(fds.data(), static_cast<nfds_t>(fds.size()),
               static_cast<int>(std::max<long long>(0, wait.count())));
        std::byte buffer[65536];
        for (std::size_t i = 0; i < n; ++i) {
            sockaddr_in from{};
            socklen_t size = sizeof from;
            for (ssize_t got; (got = ::recvfrom(fds[i].fd, buffer, sizeof buffer, 0,
                                                reinterpret_cast<sockaddr*>(&from), &size)) >= 0;)
                nodes[i].receive(ntohs(from.sin_port),
                                 hearsay::bytes_view(buffer, static_cast<std::size_t>(got)));
        }
    }
    std::puts("replicas did not agree within 10 s");
    return 1;
}
