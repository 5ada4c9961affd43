package dev.iotsdk.emulator.internal.dataplane

import java.util.Base64

/** Opaque page tokens: base64 of the index of the next item. */
internal object Pages {
    fun token(offset: Int): String = Base64.getUrlEncoder().withoutPadding().encodeToString("o:$offset".toByteArray())

    /** The offset in [token], or `null` when it is not one of ours. */
    fun offset(token: String): Int? = runCatching {
        String(Base64.getUrlDecoder().decode(token)).removePrefix("o:").toInt().takeIf { it >= 0 }
    }.getOrNull()

    /** A page of [items]: (the slice, the next token or `null`); `null` when the token or size is invalid. */
    fun <T> slice(items: List<T>, token: String?, size: Int): Pair<List<T>, String?>? {
        val from = if (token == null) 0 else offset(token) ?: return null
        val to = minOf(items.size, from + size)
        val page = if (from >= items.size) emptyList() else items.subList(from, to)
        return page to (if (to < items.size) token(to) else null)
    }
}
