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
