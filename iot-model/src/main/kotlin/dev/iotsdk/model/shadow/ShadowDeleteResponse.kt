package dev.iotsdk.model.shadow

import kotlinx.serialization.Serializable

/** The body of `…/delete/accepted`: the deleted document's [version] and the response [timestamp]. */
@Serializable
public class ShadowDeleteResponse(
    /** The version of the deleted document. */
    public val version: Long? = null,
    /** When the response was generated, epoch seconds. */
    public val timestamp: Long? = null,
    /** The request's client token. */
    public val clientToken: String? = null,
) {
    override fun toString(): String =
        "ShadowDeleteResponse(version=$version, timestamp=$timestamp, clientToken=$clientToken)"
}
