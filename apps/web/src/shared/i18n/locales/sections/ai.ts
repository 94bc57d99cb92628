import type { Messages } from '../messages';

/** AI caption suggestions in the composer (issue 24). English is the reference. */
export const aiEn = {
  panel: {
    title: 'AI caption ideas',
    intro:
      'Suggestions written by an AI from the title, your draft, each platform’s caption rules and your best-performing captions. Nothing is posted unless you pick it.',
    sends: 'Asking sends the video’s title, your draft and your team’s best captions to the AI service ({{model}}).',
    ask: 'Suggest captions',
    askAgain: 'Suggest again',
    cancel: 'Stop',
    chooseAccounts: 'Choose at least one account first: suggestions follow each platform’s rules.',
    writing: 'The AI is writing… ({{count}} characters so far)',
    aiWritten: 'AI-written',
    use: 'Use this caption',
    used: 'In your caption',
    none: 'No suggestion passed the rules for {{platform}}. Try again or write your own.',
    refused: 'Not offered: {{reason}}',
    refusedTitle_one: '{{count}} suggestion not offered (breaks a rule)',
    refusedTitle_other: '{{count}} suggestions not offered (break a rule)',
    basis_one: 'Rules: up to {{maxLength}} characters{{caps}}. Based on {{count}} of your best captions.',
    basis_other: 'Rules: up to {{maxLength}} characters{{caps}}. Based on {{count}} of your best captions.',
    basis_zero: 'Rules: up to {{maxLength}} characters{{caps}}. No published results to learn from yet.',
    hashtagCap: ', at most {{count}} hashtags',
    mentionCap: ', at most {{count}} @mentions',
    failed: 'No suggestions this time.',
    workspaceOff: 'AI caption suggestions are off for this workspace.',
    workspaceOffAdmin:
      'AI caption suggestions are off for this workspace. Turning them on sends titles, drafts and your best captions to the AI service ({{model}}) when someone asks.',
    turnOn: 'Turn on for this workspace',
    turningOn: 'Turning on…',
  },
  disclosure: {
    label: 'This video was made or altered with AI',
    hint: 'Each platform’s own AI disclosure is turned on for this post.',
    on: '{{platform}}: “{{option}}” on',
    none: '{{platform}}: its API has no AI disclosure option',
  },
  refusals: {
    caption_too_long: '{{actual}} characters, {{platform}} allows {{limit}}',
    too_many_hashtags: '{{actual}} hashtags, {{platform}} allows {{limit}}',
    too_many_mentions: '{{actual}} @mentions, {{platform}} allows {{limit}}',
    title_required: '{{platform}} needs a title',
  },
};

export const aiFr: Messages<typeof aiEn> = {
  panel: {
    title: 'Idées de légendes par IA',
    intro:
      'Des suggestions écrites par une IA à partir du titre, de votre brouillon, des règles de légende de chaque plateforme et de vos légendes les plus performantes. Rien n’est publié sans que vous le choisissiez.',
    sends: 'La demande envoie le titre de la vidéo, votre brouillon et les meilleures légendes de l’équipe au service d’IA ({{model}}).',
    ask: 'Suggérer des légendes',
    askAgain: 'Suggérer à nouveau',
    cancel: 'Arrêter',
    chooseAccounts: 'Choisissez d’abord au moins un compte : les suggestions suivent les règles de chaque plateforme.',
    writing: 'L’IA écrit… ({{count}} caractères pour l’instant)',
    aiWritten: 'Écrit par IA',
    use: 'Utiliser cette légende',
    used: 'Dans votre légende',
    none: 'Aucune suggestion ne respecte les règles de {{platform}}. Réessayez ou écrivez la vôtre.',
    refused: 'Non proposée : {{reason}}',
    refusedTitle_one: '{{count}} suggestion non proposée (enfreint une règle)',
    refusedTitle_other: '{{count}} suggestions non proposées (enfreignent une règle)',
    basis_one: 'Règles : jusqu’à {{maxLength}} caractères{{caps}}. D’après {{count}} de vos meilleures légendes.',
    basis_other: 'Règles : jusqu’à {{maxLength}} caractères{{caps}}. D’après {{count}} de vos meilleures légendes.',
    basis_zero: 'Règles : jusqu’à {{maxLength}} caractères{{caps}}. Pas encore de résultats publiés dont s’inspirer.',
    hashtagCap: ', au plus {{count}} hashtags',
    mentionCap: ', au plus {{count}} @mentions',
    failed: 'Pas de suggestions cette fois.',
    workspaceOff: 'Les suggestions de légendes par IA sont désactivées pour cet espace de travail.',
    workspaceOffAdmin:
      'Les suggestions de légendes par IA sont désactivées pour cet espace de travail. Les activer envoie titres, brouillons et vos meilleures légendes au service d’IA ({{model}}) quand quelqu’un le demande.',
    turnOn: 'Activer pour cet espace de travail',
    turningOn: 'Activation…',
  },
  disclosure: {
    label: 'Cette vidéo a été créée ou modifiée avec l’IA',
    hint: 'La mention IA propre à chaque plateforme est activée pour cette publication.',
    on: '{{platform}} : « {{option}} » activé',
    none: '{{platform}} : son API n’a pas d’option de mention IA',
  },
  refusals: {
    caption_too_long: '{{actual}} caractères, {{platform}} en autorise {{limit}}',
    too_many_hashtags: '{{actual}} hashtags, {{platform}} en autorise {{limit}}',
    too_many_mentions: '{{actual}} @mentions, {{platform}} en autorise {{limit}}',
    title_required: '{{platform}} exige un titre',
  },
};
