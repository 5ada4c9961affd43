package dev.iotsdk.model.shadow

import kotlinx.serialization.Serializable

/**
 * The body of every `…/rejected` topic: an HTTP-style [code] (400, 401, 403, 404, 409, 413, 415, 429, 500), a
 * [message] such as `Version conflict`, and, when present, [timestamp] and [clientToken].
 */
@Serializable
public class ShadowErrorResponse(
    /** The HTTP-style error code. */
    public val code: Int,
    /** The service's message. */
    public val message: String? = null,
    /** When it was generated, epoch seconds (not always present). */
    public val timestamp: Long? = null,
    /** The request's client token. */
    public val clientToken: String? = null,
) {
    override fun toString(): String = "ShadowErrorResponse(code=$code, message=$message, clientToken=$clientToken)"
}
