package dev.iotsdk.model.shadow

import kotlinx.serialization.Serializable

/**
 * The request document published to `…/shadow/get` and `…/shadow/delete`: only a [clientToken] (AWS also accepts an
 * empty payload).
 */
@Serializable
public class ShadowRequest(
    /** The token echoed in the response. */
    public val clientToken: String? = null,
) {
    override fun toString(): String = "ShadowRequest(clientToken=$clientToken)"
}
