package dev.iotsdk.emulator

/**
 * The authorizer's answer, modelled on the AWS Lambda response (`isAuthenticated`, `principalId`, `policyDocuments`,
 * `disconnectAfterInSeconds`, `refreshAfterInSeconds`).
 */
public class AuthorizerResult @JvmOverloads constructor(
    /** Whether the client is allowed to connect at all. */
    public val isAuthenticated: Boolean,
    /** The principal id (`[a-zA-Z0-9]{1,128}`); policies attached to it also apply. */
    public val principalId: String? = null,
    /** AWS IoT policy documents (JSON) that apply to the connection. */
    public val policyDocuments: List<String> = emptyList(),
    /** When set, the emulator disconnects the client after this many seconds. */
    public val disconnectAfterInSeconds: Int? = null,
    /** Accepted for fidelity; the emulator does not re-invoke the authorizer. */
    public val refreshAfterInSeconds: Int? = null,
) {
    /** Factories. */
    public companion object {
        /** An allowing result for [principalId] with the given policy documents. */
        @JvmStatic
        public fun allow(principalId: String, vararg policyDocuments: String): AuthorizerResult =
            AuthorizerResult(true, principalId, policyDocuments.toList())

        /** A denying result. */
        @JvmStatic
        public fun deny(): AuthorizerResult = AuthorizerResult(false)
    }

    override fun toString(): String = "AuthorizerResult(isAuthenticated=$isAuthenticated, principalId=$principalId)"
}
