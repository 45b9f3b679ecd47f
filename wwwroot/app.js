// Small browser helpers the portal calls through JS interop.
window.portal = {
    prefersDark: function () {
        const saved = localStorage.getItem("portal-theme");
        if (saved) return saved === "dark";
        return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
    },
    saveTheme: function (theme) {
        localStorage.setItem("portal-theme", theme);
    },
    copyText: async function (text) {
        await navigator.clipboard.writeText(text);
    },
    scrollIntoViewNearest: function (selector) {
        const element = document.querySelector(selector);
        if (element) element.scrollIntoView({ block: "nearest" });
    },
    downloadText: function (fileName, text, contentType) {
        const url = URL.createObjectURL(new Blob([text], { type: contentType || "text/plain" }));
        const link = document.createElement("a");
        link.href = url;
        link.download = fileName;
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 1000);
    }
};

// Dragging a path from the mapping editor's tree: the row under the pointer is marked, and the page
// scrolls while the pointer is near the top or bottom edge, so a row out of view can be reached.
(function () {
    const edge = 56;
    const step = 18;
    let marked = null;
    function mark(row) {
        if (marked === row) return;
        if (marked) marked.classList.remove("drag-over");
        marked = row;
        if (marked) marked.classList.add("drag-over");
    }
    document.addEventListener("dragover", function (e) {
        mark(e.target instanceof Element ? e.target.closest("[data-drop-row]") : null);
        const bar = document.querySelector(".mud-appbar");
        const top = bar ? bar.getBoundingClientRect().bottom : 0;
        if (e.clientY < top + edge) window.scrollBy(0, -step);
        else if (e.clientY > window.innerHeight - edge) window.scrollBy(0, step);
    });
    document.addEventListener("dragend", function () { mark(null); });
    document.addEventListener("drop", function () { mark(null); });
})();

