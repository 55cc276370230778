// Shares a link through the phone's share sheet when there is one, otherwise copies it. Returns what happened, so the page
// can say so: "shared", "copied", or "none" (no share sheet and no clipboard access, e.g. plain http on another host).
export async function shareOrCopy(title, url) {
    if (navigator.share) {
        try { await navigator.share({ title, url }); return "shared"; }
        catch (e) { if (e && e.name === "AbortError") return "cancelled"; }
    }
    if (navigator.clipboard && window.isSecureContext) {
        try { await navigator.clipboard.writeText(url); return "copied"; } catch { }
    }
    return "none";
}
