package dev.iotsdk.samples

/** Prints a transcript line with the time since the sample started. */
public class Transcript {
    private val start = System.nanoTime()

    /** Prints [what]. */
    public fun say(what: String) {
        val ms = (System.nanoTime() - start) / 1_000_000
        println(String.format("[%6d ms] %s", ms, what))
    }
}
