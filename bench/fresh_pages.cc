// What a fresh page of memory costs on this machine, which the cost per customer of a large job
// includes for every page it touches first (the 10M-customer job touches ~1.8M of them):
//   fresh_pages_bench [GIB=1,8]
// For each size: new anonymous memory mapped and written once per 4 KiB page (the page fault,
// the kernel zeroing it), then the same again at once after unmapping it, then after a pause of
// 3 s. On bare metal each is a fraction of a microsecond; a virtual machine whose balloon device
// reports free memory to its host (free page reporting) has the host take back memory that stays
// free, and the guest's next first touch of it is a fault on the host as well.
#include <sys/mman.h>

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr size_t kPage = 4096;

// Microseconds per 4 KiB page to map `bytes` of new memory and write a byte of each page.
double TouchFresh(size_t bytes) {
  auto start = std::chrono::steady_clock::now();
  void* mapped = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapped == MAP_FAILED) {
    std::perror("mmap");
    std::exit(1);
  }
  auto* bytes_at = static_cast<volatile char*>(mapped);
  for (size_t at = 0; at < bytes; at += kPage) bytes_at[at] = 1;
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  munmap(mapped, bytes);
  return seconds * 1e6 / static_cast<double>(bytes / kPage);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<size_t> sizes;
  std::stringstream list(argc > 1 ? argv[1] : "1,8");
  for (std::string item; std::getline(list, item, ',');) sizes.push_back(std::stoul(item));
  std::printf("| %-8s | %-28s | %-28s | %-28s |\n", "GiB", "first touch, us per 4 KiB", "again at once, us",
              "again after 3 s, us");
  std::printf(
      "|----------|------------------------------|------------------------------|------------------------------|\n");
  for (size_t gib : sizes) {
    size_t bytes = gib << 30;
    double first = TouchFresh(bytes);
    double again = TouchFresh(bytes);
    std::this_thread::sleep_for(std::chrono::seconds(3));
    double later = TouchFresh(bytes);
    std::printf("| %-8zu | %-28.2f | %-28.2f | %-28.2f |\n", gib, first, again, later);
  }
  return 0;
}
