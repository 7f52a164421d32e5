/** Saves a CSV the server sent as a file, with the UTF-8 BOM Excel needs to read æøå (the server sends it; make sure). */
export async function saveCsv(blob: Blob, filename: string): Promise<void> {
  const head = new Uint8Array(await blob.slice(0, 3).arrayBuffer());
  const file = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? blob : new Blob(["\uFEFF", blob], { type: "text/csv;charset=utf-8" });
  const url = URL.createObjectURL(file);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
