// LOLWUT: the version-dependent piece of computer art Redis ships. Redis 7.0 keeps two drawings
// (VERSION 5: Georg Nees's "Schotter" in Braille dots; VERSION 6: an 8-bit city skyline in
// terminal colours) and answers every other version, and the plain command, with its version
// line. Both drawings are random past their first rows, as in Redis, so only their shape is
// reproducible; the sizes, limits and captions are Redis's.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "server/commands/common.h"
#include "server/version.h"

namespace sable {
namespace {

// A grid of small integer "colours", addressed from the top-left corner; drawing outside it is
// ignored, reading outside it gives 0.
class Canvas {
 public:
  Canvas(int width, int height, int background)
      : width_(width), height_(height), pixels_(size_t(width) * size_t(height), char(background)) {}
  int width() const { return width_; }
  int height() const { return height_; }
  void set(int x, int y, int color) {
    if (x >= 0 && x < width_ && y >= 0 && y < height_)
      pixels_[size_t(y) * width_ + x] = char(color);
  }
  int get(int x, int y) const {
    if (x < 0 || x >= width_ || y < 0 || y >= height_) return 0;
    return pixels_[size_t(y) * width_ + x];
  }

  // A straight segment between two points, one pixel per step along the longer axis (Bresenham).
  void line(int x0, int y0, int x1, int y1, int color) {
    int dx = std::abs(x1 - x0), dy = std::abs(y1 - y0);
    int step_x = x0 < x1 ? 1 : -1, step_y = y0 < y1 ? 1 : -1;
    int error = dx - dy;
    for (;;) {
      set(x0, y0, color);
      if (x0 == x1 && y0 == y1) return;
      int twice = 2 * error;
      if (twice > -dy) error -= dy, x0 += step_x;
      if (twice < dx) error += dx, y0 += step_y;
    }
  }

  // The outline of a square of side `side` centred on (cx, cy), turned by `angle` radians: its
  // corners lie on the circle through them, a quarter turn apart, starting at 45 degrees.
  void square(int cx, int cy, float side, float angle, int color) {
    // The arithmetic mixes float and double exactly as Redis's does, so the first two rows of
    // squares (the ones not moved at random) come out pixel for pixel the same.
    float radius = float(double(side) / 1.4142135623);
    radius = float(std::round(double(radius)));
    int px[4], py[4];
    float k = float(M_PI / 4 + double(angle));
    for (int i = 0; i < 4; ++i) {
      px[i] = int(std::round(std::sin(double(k)) * double(radius) + cx));
      py[i] = int(std::round(std::cos(double(k)) * double(radius) + cy));
      k = float(double(k) + M_PI / 2);
    }
    for (int i = 0; i < 4; ++i) line(px[i], py[i], px[(i + 1) % 4], py[(i + 1) % 4], color);
  }

 private:
  int width_, height_;
  std::vector<char> pixels_;
};

// Reads the optional integer argument argv[i] into *out; false (having replied) when it is not
// an integer.
bool optional_long(CommandContext& ctx, size_t i, long* out) {
  if (i >= ctx.argc()) return true;
  int64_t v;
  if (!parse_int64(ctx.arg(i), &v)) {
    ctx.reply.error(err::kNotInteger);
    return false;
  }
  *out = static_cast<long>(v);
  return true;
}

float random_unit() { return float(std::rand()) / float(RAND_MAX); }

// ---------------------------------------------------------------------------------------------
// VERSION 5: rows of squares, the first two in order, each lower row turned and shifted a little
// more at random. Every 2x4 block of pixels becomes one Braille character (U+2800 + 8 dot bits).

std::string braille(const Canvas& c) {
  // Dot bit for each pixel of a 2-wide, 4-tall block, by [row][column].
  static constexpr int kBit[4][2] = {{0, 3}, {1, 4}, {2, 5}, {6, 7}};
  std::string out;
  for (int y = 0; y < c.height(); y += 4) {
    for (int x = 0; x < c.width(); x += 2) {
      int dots = 0;
      for (int r = 0; r < 4; ++r)
        for (int col = 0; col < 2; ++col)
          if (c.get(x + col, y + r)) dots |= 1 << kBit[r][col];
      int code = 0x2800 + dots;  // three UTF-8 bytes
      out += char(0xE0 | (code >> 12));
      out += char(0x80 | ((code >> 6) & 0x3F));
      out += char(0x80 | (code & 0x3F));
    }
    if (y != c.height() - 1) out += '\n';
  }
  return out;
}

std::string schotter(int cols, int per_row, int per_col) {
  int width = cols * 2;
  int padding = width > 4 ? 2 : 0;
  float side = float(width - padding * 2) / float(per_row);
  int height = int(side * float(per_col) + float(padding * 2));
  Canvas canvas(width, height, 0);
  for (int row = 0; row < per_col; ++row) {
    for (int col = 0; col < per_row; ++col) {
      int cx = int(float(col) * side + side / 2 + float(padding));
      int cy = int(float(row) * side + side / 2 + float(padding));
      float angle = 0;
      if (row > 1) {
        // The disorder grows with the row: up to row/per_col of a radian and of a third side.
        float turn = random_unit() / float(per_col) * float(row);
        float dx = random_unit() / float(per_col) * float(row);
        float dy = random_unit() / float(per_col) * float(row);
        if (std::rand() % 2) turn = -turn;
        if (std::rand() % 2) dx = -dx;
        if (std::rand() % 2) dy = -dy;
        angle = turn;
        cx = int(float(cx) + dx * side / 3);
        cy = int(float(cy) + dy * side / 3);
      }
      canvas.square(cx, cy, side, angle, 1);
    }
  }
  return braille(canvas);
}

// LOLWUT VERSION 5 [columns [squares-per-row [squares-per-column]]]
void Lolwut5(CommandContext& ctx, size_t first) {
  long cols = 66, per_row = 8, per_col = 12;
  if (!optional_long(ctx, first, &cols) || !optional_long(ctx, first + 1, &per_row) ||
      !optional_long(ctx, first + 2, &per_col))
    return;
  // Bounded so the command stays cheap whatever it is asked.
  cols = std::clamp(cols, 1L, 1000L);
  per_row = std::clamp(per_row, 1L, 200L);
  per_col = std::clamp(per_col, 1L, 200L);
  std::string art = schotter(int(cols), int(per_row), int(per_col));
  art += fmt::format("\nGeorg Nees - schotter, plotter on paper, 1968. Redis ver. {}\n",
                     kRedisVersion);
  ctx.reply.verbatim(art);
}

// ---------------------------------------------------------------------------------------------
// VERSION 6: a skyline of three layers of buildings on a white sky, in the terminal's four grey
// levels (0 black … 3 white), one character cell per pixel.

struct Building {
  int left, width, height;
  bool windows;
  int color;
};

void draw_building(Canvas& c, const Building& b) {
  int bottom = c.height() - 1;
  int top = bottom - b.height + 1;
  for (int y = bottom; y >= top; --y) {
    for (int x = b.left; x < b.left + b.width; ++x) {
      // The roof is two pixels narrower on each side.
      if (y == top && (x <= b.left + 1 || x >= b.left + b.width - 2)) continue;
      int color = b.color;
      bool inner = x > b.left + 1 && x < b.left + b.width - 2 && y > top + 1 && y < bottom - 1;
      if (b.windows && inner) {
        int rx = x - (b.left + 1), ry = y - (top + 1);
        // Windows two pixels wide and one tall, every other pair of columns and every other row,
        // lit in one of the two greys other than the wall's; a window's two pixels match.
        if ((rx / 2) % 2 && ry % 2) {
          do {
            color = 1 + std::rand() % 2;
          } while (color == b.color);
          if (rx % 2) color = c.get(x - 1, y);
        }
      }
      c.set(x, y, color);
    }
  }
}

void draw_skyline(Canvas& c) {
  // Two background layers without windows, the lighter one first so it stays behind.
  for (int color = 2; color >= 1; --color) {
    for (int x = -10; x < c.width();) {
      x += std::rand() % 8;
      Building b{
          .left = x, .width = 10 + std::rand() % 9, .height = 0, .windows = false, .color = color};
      int divisor = color == 2 ? 2 : 3;
      b.height = c.height() / 2 + (std::rand() % c.height()) / divisor;
      draw_building(c, b);
      x += color == 2 ? b.width / 2 : b.width + 1;
    }
  }
  // The black foreground with lit windows.
  for (int x = -10; x < c.width();) {
    x += std::rand() % 8;
    Building b{.left = x, .width = 5 + std::rand() % 14, .height = 0, .windows = true, .color = 0};
    if (b.width % 4) b.width += b.width % 3;
    b.height = c.height() / 3 + (std::rand() % c.height()) / 2;
    draw_building(c, b);
    x += b.width + 5;
  }
}

std::string ansi_cells(const Canvas& c) {
  // Foreground and background set alike, which renders the same on most terminals.
  static constexpr const char* kGrey[4] = {"0;30;40m", "0;90;100m", "0;37;47m", "0;97;107m"};
  std::string out;
  for (int y = 0; y < c.height(); ++y) {
    for (int x = 0; x < c.width(); ++x) {
      int color = c.get(x, y);
      out += "\033[";
      out += kGrey[color >= 0 && color < 4 ? color : 0];
      out += " \033[0m";
    }
    if (y != c.height() - 1) out += '\n';
  }
  return out;
}

// LOLWUT VERSION 6 [columns [rows]]
void Lolwut6(CommandContext& ctx, size_t first) {
  long cols = 80, rows = 20;
  if (!optional_long(ctx, first, &cols) || !optional_long(ctx, first + 1, &rows)) return;
  cols = std::clamp(cols, 1L, 1000L);
  rows = std::clamp(rows, 1L, 1000L);
  Canvas canvas(int(cols), int(rows), 3);
  draw_skyline(canvas);
  std::string art = ansi_cells(canvas);
  art += fmt::format(
      "\nDedicated to the 8 bit game developers of past and present.\n"
      "Original 8 bit image from Plaguemon by hikikomori. Redis ver. {}\n",
      kRedisVersion);
  ctx.reply.verbatim(art);
}

// LOLWUT [VERSION version [arg ...]]
// The version is read as Redis does: an integer, cut to 32 unsigned bits, whose text "N.0.0"
// picks the drawing by its first characters (5.x and 4.9 draw version 5; 6.x and 5.9 version
// 6). The arguments after it belong to that drawing; without VERSION they are ignored.
void CmdLolwut(CommandContext& ctx) {
  if (ctx.argc() >= 3 && iequals(ctx.arg(1), "version")) {
    int64_t v;
    if (!parse_int64(ctx.arg(2), &v)) return ctx.reply.error(err::kNotInteger);
    std::string text = fmt::format("{}.0.0", static_cast<uint32_t>(v));
    if (text.rfind("5.", 0) == 0) return Lolwut5(ctx, 3);
    if (text.rfind("6.", 0) == 0) return Lolwut6(ctx, 3);
  }
  ctx.reply.verbatim(fmt::format("Redis ver. {}\n", kRedisVersion));
}

}  // namespace

void RegisterLolwutFamily(CommandTable& t) {
  FamilyRows rows(t, "server");
  rows.add({.name = "lolwut",
            .arity = -1,
            .flags = kCmdReadonly | kCmdFast,
            .acl = "@read @fast",
            .summary = "Display some computer art and the Redis version",
            .since = "5.0.0",
            .usage = "[VERSION version]",
            .handler = CmdLolwut});
}

}  // namespace sable
