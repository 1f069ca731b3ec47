// Section ids of the platform page that the jump links (JumpLinks.astro) may point at.
export type JumpTarget = 'verdict' | 'alternatives' | 'scores' | 'ratings' | 'check' | 'qualifications' | 'facts' | 'history' | 'incidents' | 'reviews' | 'case-reports';
