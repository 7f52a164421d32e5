// Calls `onLine` for every line a child process writes (without the line ending), and for a last
// unterminated line when the stream ends.
export function onLines(stream, onLine) {
  let buf = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk) => {
    buf += chunk;
    let nl;
    while ((nl = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, nl).replace(/\r$/, "");
      buf = buf.slice(nl + 1);
      onLine(line);
    }
  });
  stream.on("end", () => {
    if (buf) onLine(buf);
    buf = "";
  });
}
