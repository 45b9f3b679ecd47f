using Microsoft.Playwright;

namespace SelligentPortal.Tests.Infrastructure;

/// <summary>
/// WCAG contrast computed from the rendered page (instead of bringing in axe-core): every visible text
/// against the background it is painted on (translucent layers blended), 4.5:1, or 3:1 for large text.
/// Disabled controls are left out, as WCAG does; text over an image or gradient cannot be measured.
/// </summary>
public static class ContrastCheck
{
    private const string Script = """
        () => {
          const parse = c => { const m = /rgba?\(([^)]+)\)/.exec(c || ''); if (!m) return null;
            const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
          const over = (top, bottom) => ({ r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a), b: top.b * top.a + bottom.b * (1 - top.a), a: 1 });
          const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
          const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
          const background = el => {
            const layers = [];
            for (let e = el; e; e = e.parentElement) {
              const s = getComputedStyle(e);
              if (s.backgroundImage && s.backgroundImage !== 'none') return null;
              const c = parse(s.backgroundColor);
              if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
            }
            let bg = { r: 255, g: 255, b: 255, a: 1 };
            for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
            return bg;
          };
          const opacity = el => { let o = 1; for (let e = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity); return o; };
          const found = new Map();
          for (const el of document.querySelectorAll('body *')) {
            const text = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim();
            if (!text) continue;
            const s = getComputedStyle(el), box = el.getBoundingClientRect();
            if (box.width === 0 || box.height === 0 || s.visibility !== 'visible') continue;
            if (el.closest('[disabled], [aria-disabled="true"], .mud-disabled, .mud-button-disabled, [hidden], .visually-hidden, option, datalist')) continue;
            const bg = background(el); if (!bg) continue;
            const fg = parse(s.color); if (!fg) continue;
            fg.a *= opacity(el);
            const r = ratio(over(fg, bg), bg);
            const size = parseFloat(s.fontSize), bold = parseInt(s.fontWeight) >= 700;
            const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
            if (r < needed) {
              const key = el.tagName.toLowerCase() + '.' + [...el.classList].slice(0, 3).join('.') + ' "' + text.slice(0, 40) + '"';
              if (!found.has(key)) found.set(key, key + ' ' + r.toFixed(2) + ':1 (needs ' + needed + ')');
            }
          }
          return [...found.values()];
        }
        """;

    /// <summary>Every visible text below AA on the page, described with its ratio; empty when all pass.</summary>
    public static async Task<IReadOnlyList<string>> ProblemsAsync(IPage page) => await page.EvaluateAsync<string[]>(Script);

    /// <summary>The contrast of the first filled primary button's text on its own background.</summary>
    public static Task<double> PrimaryButtonAsync(IPage page) => page.EvaluateAsync<double>("""
        () => {
          const b = document.querySelector('.mud-button-filled-primary:not([disabled])');
          const parse = c => /rgba?\(([^)]+)\)/.exec(c)[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
          const lum = p => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(p[0]) + 0.7152 * f(p[1]) + 0.0722 * f(p[2]); };
          const s = getComputedStyle(b), x = lum(parse(s.color)), y = lum(parse(s.backgroundColor));
          return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
        }
        """);
}
