package io.procsnap.replay.cli;

import picocli.CommandLine;

/** Reports the jar's Implementation-Version. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"procsnap-replay " + (v == null ? "dev" : v)};
    }
}
