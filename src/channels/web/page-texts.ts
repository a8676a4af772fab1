import type { Messages } from "../../text/messages.js";

/**
 * The chat page's own words in one language (messages/<lang>/webpage.yaml), put in the page when
 * Loket serves it: the page says them in the conversation's language. A placeholder is passed as
 * itself (`{name}`) for the page to fill with what only it knows: a file's name, a percentage.
 */
export function pageTexts(m: Messages): Record<string, string> {
  return {
    who_bot: m.t("webpage.who_bot"),
    who_me: m.t("webpage.who_me"),
    who_staff: m.t("webpage.who_staff"),
    who_notice: m.t("webpage.who_notice"),
    conversation: m.t("webpage.conversation"),
    message_box: m.t("webpage.message_box"),
    send: m.t("webpage.send"),
    attach: m.t("webpage.attach"),
    end: m.t("webpage.end"),
    end_title: m.t("webpage.end_title"),
    type_message: m.t("webpage.type_message"),
    type_answer: m.t("webpage.type_answer"),
    file_hint: m.t("webpage.file_hint"),
    document: m.t("webpage.document"),
    cancel_upload: m.t("webpage.cancel_upload"),
    sending: m.t("webpage.sending"),
    sent: m.t("webpage.sent"),
    uploading: m.t("webpage.uploading", { percent: "{percent}" }),
    text_after: m.t("webpage.text_after"),
    docs_after: m.t("webpage.docs_after", { names: "{names}" }),
    document_sent: m.t("webpage.document_sent"),
    upload_cancelled: m.t("webpage.upload_cancelled"),
    upload_too_late: m.t("webpage.upload_too_late"),
    upload_offline: m.t("webpage.upload_offline"),
    upload_stalled: m.t("webpage.upload_stalled"),
    upload_failed: m.t("webpage.upload_failed"),
    send_again: m.t("webpage.send_again", { name: "{name}" }),
    reconnected: m.t("webpage.reconnected", { button: "{button}" }),
    offline: m.t("webpage.offline"),
    retrying: m.t("webpage.retrying"),
    cannot_connect: m.t("webpage.cannot_connect"),
    too_many: m.t("webpage.too_many"),
    too_long: m.t("webpage.too_long"),
    send_failed: m.t("webpage.send_failed"),
    resumed: m.t("webpage.resumed"),
    resumed_empty: m.t("webpage.resumed_empty"),
    not_sent: m.t("webpage.not_sent", { names: "{names}" }),
    choice_after: m.t("webpage.choice_after", { label: "{label}" }),
    choice_stale: m.t("webpage.choice_stale", { label: "{label}" }),
    one_at_a_time: m.t("webpage.one_at_a_time"),
    end_confirm: m.t("webpage.end_confirm"),
    end_yes: m.t("webpage.end_yes"),
    end_no: m.t("webpage.end_no"),
    ended: m.t("webpage.ended"),
    refused_heic: m.t("webpage.refused_heic", { name: "{name}" }),
    refused_empty: m.t("webpage.refused_empty", { name: "{name}" }),
    refused_type: m.t("webpage.refused_type", { name: "{name}" }),
    subtitle: m.t("webpage.subtitle"),
    title: m.t("webpage.title"),
    paste_split: m.t("webpage.paste_split"),
    end_after: m.t("webpage.end_after"),
    noscript: m.t("webpage.noscript"),
    refused_size: m.t("webpage.refused_size", { name: "{name}", size: "{size}", max: "{max}" }),
  };
}

/** Every language's page words, for the page (`<script type="application/json" id="loket-texts">`). */
export function allPageTexts(languages: Map<string, Messages>): Record<string, Record<string, string>> {
  return Object.fromEntries([...languages].map(([lang, m]) => [lang, pageTexts(m)]));
}
