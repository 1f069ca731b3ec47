// The tags a failed review form had ticked, to tick them again (submittedValues keeps one value
// per name; a checkbox list has several).
import { isReviewTag, type ReviewTag } from '../../server/reviews/review-tags.ts';

export async function submittedTags(request: Request): Promise<ReviewTag[]> {
  if (request.method !== 'POST') return [];
  try {
    return (await request.clone().formData()).getAll('tags').filter(isReviewTag);
  } catch {
    return [];
  }
}
