import type { ConversationState } from "../../src/domain/conversation.js";

const doc = (name: string) => ({
  sha256: "5a838678058f6de375e8635b5f2fea47a4e5f07cb1a882a44b10f39abc6f34ff",
  mime: "application/pdf" as const,
  size: 284_113,
  filename: `${name}.pdf`,
});

/**
 * States as the engine really leaves them (captured from an izin-reklame application driven
 * through the runtime): `midForm` half-way through the documents, `summary` with every field
 * and all seven documents, the largest an application state gets before it is submitted.
 */
export function realisticState(id: string, at: "midForm" | "summary"): ConversationState {
  const all = ["ktp", "nib", "izin_pemilik_lahan", "desain_reklame", "foto_lokasi", "gambar_konstruksi", "bukti_pajak"];
  const docs = Object.fromEntries((at === "summary" ? all : all.slice(0, 3)).map((d) => [d, doc(d)]));
  return {
    v: 1,
    conversationId: id,
    channel: "whatsapp",
    address: id.replace(/^whatsapp:/, ""),
    lang: "id",
    engine: {
      stack: [
        {
          flow: "apply",
          step: at === "summary" ? "summary" : "documents",
          slots: {
            permit: "izin-reklame",
            _intent: "apply",
            _init: { permit: "izin-reklame", _intent: "apply" },
            nama: "Siti Rahmawati",
            nik: "3317014508900002",
            hp: "+6281234567890",
            email: "",
            alamat: "Jl. Pemuda No. 10, Sumber, Rembang",
            jenis_reklame: "tetap",
            lokasi_reklame: "Simpang empat Jl. Kartini - Jl. Pemuda, sisi utara, Rembang",
            ukuran: "4 x 6 meter",
            jumlah: "2",
            isi_reklame: "Promosi toko bangunan Sumber Rejeki, buka setiap hari",
            docs,
          },
          trail: ["permit", "intro", "consent", "data", "documents"],
        },
      ],
      context: { permit: "izin-reklame" },
      failures: 0,
      expecting:
        at === "summary"
          ? { field: "confirm", kind: "confirm", choices: ["apply.summary:yes", "apply.summary:edit"] }
          : { field: "desain_reklame", kind: "file" },
    },
    createdAt: "2026-11-28T02:13:44.001Z",
    updatedAt: "2026-11-28T02:41:09.077Z",
  };
}

/** A WhatsApp message id as whatsapp-web.js gives it (`fromMe_chat_id`), prefixed by the channel. */
export const whatsappMessageId = (i: number) => `whatsapp:false_6281234567890@c.us_3EB0C4A5B2D1E0F9A8B7${String(i).padStart(4, "0")}`;
