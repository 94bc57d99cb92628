import type { SocialAccount } from '../../../shared/content/accounts';
import type { PlatformInfo } from '../api/platforms';
import type { OptionValues } from './option-values';
import { extensionOf } from './panel-extensions';
import { PlatformOptionsPanel } from './PlatformOptionsPanel';

interface PlatformPanelsProps {
  targets: readonly SocialAccount[];
  platforms: readonly PlatformInfo[];
  chosen: Record<string, OptionValues>;
  onChosenChange: (accountId: string, chosen: OptionValues) => void;
  saved: Record<string, OptionValues>;
  extensions: Record<string, unknown>;
  onExtensionChange: (accountId: string, state: unknown) => void;
  videoDurationMs: number | null;
  errorsOf: (index: number) => string[];
}

/** One options panel per chosen account, from its platform's registry schema and extension. */
export function PlatformPanels({
  targets,
  platforms,
  chosen,
  onChosenChange,
  saved,
  extensions,
  onExtensionChange,
  videoDurationMs,
  errorsOf,
}: PlatformPanelsProps) {
  return (
    <>
      {targets.map((account, index) => {
        const platform = platforms.find((info) => info.id === account.platform);
        if (!platform) return null;
        return (
          <PlatformOptionsPanel
            key={account.id}
            platform={platform}
            account={account}
            chosen={chosen[account.id] ?? {}}
            saved={saved[account.id] ?? {}}
            onChosenChange={(values) => onChosenChange(account.id, values)}
            extension={extensionOf(account.platform)}
            extensionState={extensions[account.id]}
            onExtensionChange={(state) => onExtensionChange(account.id, state)}
            videoDurationMs={videoDurationMs}
            errors={errorsOf(index)}
          />
        );
      })}
    </>
  );
}
